using System.Globalization;
using System.Net.Http.Headers;

namespace Cortex.Discord.Rest;

/// <summary>Discord's <c>X-RateLimit-*</c> headers of one response.</summary>
public sealed record RateLimitHeaders(
    string? Bucket,
    int? Limit,
    int? Remaining,
    TimeSpan? ResetAfter,
    bool Global,
    RateLimitScope? Scope)
{
    public static RateLimitHeaders Parse(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new RateLimitHeaders(
            Value(headers, "X-RateLimit-Bucket"),
            int.TryParse(Value(headers, "X-RateLimit-Limit"), CultureInfo.InvariantCulture, out var limit) ? limit : null,
            int.TryParse(Value(headers, "X-RateLimit-Remaining"), CultureInfo.InvariantCulture, out var remaining) ? remaining : null,
            double.TryParse(Value(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter)
                ? TimeSpan.FromSeconds(resetAfter) : null,
            string.Equals(Value(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
            Value(headers, "X-RateLimit-Scope") switch
            {
                "user" => RateLimitScope.User,
                "global" => RateLimitScope.Global,
                "shared" => RateLimitScope.Shared,
                _ => null,
            });
    }

    private static string? Value(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>The <c>X-RateLimit-Scope</c> of a 429.</summary>
public enum RateLimitScope
{
    /// <summary>This bot's per-route limit.</summary>
    User,

    /// <summary>This bot's global limit (50 requests/s).</summary>
    Global,

    /// <summary>A resource's limit shared by every caller; it does not count as an invalid request.</summary>
    Shared,
}
