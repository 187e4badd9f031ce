using System.Net.Http.Headers;
using Cortex.ServiceDefaults.Authentication;

namespace Cortex.Tests.Security;

/// <summary>
/// The API key for service hosts a test starts itself (not through the AppHost): the settings that make
/// the host accept it with every scope, and a client that presents it.
/// </summary>
internal static class TestApiKey
{
    public const string Name = "tests";

    public const string Value = "cortex-tests-operator-key-0123456789abcdef";

    public static Dictionary<string, string?> Settings(string scopes = "") => new()
    {
        [$"{ApiKeyOptions.Section}:Keys:{Name}:Key"] = Value,
        [$"{ApiKeyOptions.Section}:Keys:{Name}:Scopes"] = scopes.Length > 0 ? scopes : string.Join(' ', CortexScopes.All),
    };

    public static HttpClient Authorized(this HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Value);
        return http;
    }
}
