namespace Cortex.ServiceDefaults.Authentication;

/// <summary>
/// The API keys a service accepts (<c>Cortex:Auth:Keys:{name}</c>). Each key is given either in clear
/// (<c>Key</c>, what the AppHost passes from a secret parameter) or as the hex SHA-256 of the key
/// (<c>Sha256</c>, so a deployment need not hand the service the secret itself), with the scopes it
/// grants, space-separated as OAuth writes them: <c>"economy.read metrics.read"</c>.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Cortex:Auth";

    /// <summary>Shorter keys are refused at start: a generated parameter has 48 characters.</summary>
    public const int MinimumKeyLength = 32;

    public Dictionary<string, ApiKeyCredential> Keys { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ApiKeyCredential
{
    public string? Key { get; set; }

    public string? Sha256 { get; set; }

    public string Scopes { get; set; } = "";

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
