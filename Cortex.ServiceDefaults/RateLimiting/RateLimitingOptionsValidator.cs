using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.RateLimiting;

/// <summary>A bad CIDR or limit fails the service at start, not at the first request.</summary>
public sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = new List<string>();
        foreach (var proxy in options.TrustedProxies)
        {
            if (!System.Net.IPNetwork.TryParse(proxy, out _))
            {
                failures.Add($"{RateLimitingOptions.Section}:TrustedProxies: '{proxy}' is not a CIDR range such as 173.245.48.0/20.");
            }
        }

        foreach (var (route, policy) in options.Routes)
        {
            if (!route.StartsWith('/'))
            {
                failures.Add($"{RateLimitingOptions.Section}:Routes: '{route}' must be a path prefix starting with '/'.");
            }

            if (policy.Limit < 1 || policy.Window < TimeSpan.FromSeconds(1))
            {
                failures.Add($"{RateLimitingOptions.Section}:Routes:{route}: Limit must be at least 1 and Window at least 1 second.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
