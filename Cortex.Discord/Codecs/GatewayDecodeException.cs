namespace Cortex.Discord.Codecs;

/// <summary>A gateway payload could not be decoded (malformed JSON or ETF, or a missing <c>op</c>).</summary>
public sealed class GatewayDecodeException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public GatewayDecodeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GatewayDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GatewayDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
