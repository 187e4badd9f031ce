using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Authentication;

/// <summary>A missing, short or unscoped key fails the service at start, naming the setting (never the key).</summary>
public sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        if (options.Keys.Count == 0)
        {
            failures.Add($"{ApiKeyOptions.Section}:Keys: no API key is configured, so no operator could reach the internal endpoints. The AppHost sets the operator key from its 'operator-api-key' parameter.");
        }

        foreach (var (keyName, credential) in options.Keys)
        {
            var setting = $"{ApiKeyOptions.Section}:Keys:{keyName}";
            var hasKey = !string.IsNullOrEmpty(credential.Key);
            var hasDigest = !string.IsNullOrEmpty(credential.Sha256);
            if (hasKey == hasDigest)
            {
                failures.Add($"{setting}: give exactly one of Key (the key) or Sha256 (its hex SHA-256).");
            }
            else if (hasKey && credential.Key!.Trim().Length < ApiKeyOptions.MinimumKeyLength)
            {
                failures.Add($"{setting}:Key is shorter than {ApiKeyOptions.MinimumKeyLength} characters; generate a longer one.");
            }
            else if (hasDigest && !IsSha256Hex(credential.Sha256!))
            {
                failures.Add($"{setting}:Sha256 is not 64 hexadecimal characters.");
            }

            if (credential.ScopeList.Count == 0)
            {
                failures.Add($"{setting}:Scopes is empty; name what the key may do ({string.Join(' ', CortexScopes.All)}).");
            }

            foreach (var scope in credential.ScopeList.Where(scope => !CortexScopes.All.Contains(scope)))
            {
                failures.Add($"{setting}:Scopes: '{scope}' is not a Cortex scope ({string.Join(' ', CortexScopes.All)}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
