namespace Cortex.Discord.Codecs;

/// <summary>The <c>encoding</c> query parameter of a gateway connection.</summary>
public enum GatewayEncoding
{
    /// <summary>Plain-text JSON, in text frames.</summary>
    Json,

    /// <summary>Erlang External Term Format, in binary frames.</summary>
    Etf,
}

/// <summary>Query-string names of the encodings.</summary>
public static class GatewayEncodings
{
    /// <summary>The value of the <c>encoding</c> query parameter.</summary>
    public static string QueryValue(GatewayEncoding encoding) => encoding == GatewayEncoding.Etf ? "etf" : "json";

    /// <summary>Parses the <c>encoding</c> query parameter.</summary>
    public static bool TryParse(string? value, out GatewayEncoding encoding)
    {
        switch (value)
        {
            case "json":
                encoding = GatewayEncoding.Json;
                return true;
            case "etf":
                encoding = GatewayEncoding.Etf;
                return true;
            default:
                encoding = default;
                return false;
        }
    }
}
