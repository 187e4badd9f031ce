namespace Cortex.Discord.Gateway;

/// <summary>An outgoing payload exceeds the gateway's 4096-byte limit; it was not sent.</summary>
public sealed class GatewayPayloadTooLargeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public GatewayPayloadTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GatewayPayloadTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public GatewayPayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
