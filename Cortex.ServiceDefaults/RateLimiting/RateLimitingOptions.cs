using System.ComponentModel.DataAnnotations;

namespace Cortex.ServiceDefaults.RateLimiting;

/// <summary>What a route does when Redis cannot be asked.</summary>
public enum WhenRedisDown
{
    /// <summary>Let the request through: availability matters more than the limit (PostgreSQL still guards every balance).</summary>
    Allow,

    /// <summary>Refuse with 503: the limit is the protection (brute-forcing verification codes).</summary>
    Refuse,
}

public sealed class RateLimitPolicy
{
    [Range(1, 1_000_000)]
    public int Limit { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public WhenRedisDown WhenRedisDown { get; set; } = WhenRedisDown.Allow;
}

/// <summary>
/// The seed's sliding-window limits per route prefix and client IP, one table for every service.
/// Routes are keyed by path prefix (the longest match wins; "/" catches everything else);
/// configuration overrides a route by naming the same prefix. Limits are counted in Redis, so every
/// replica of a service shares them.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "Cortex:RateLimiting";

    public string KeyPrefix { get; set; } = "cortex:rl";

    public Dictionary<string, RateLimitPolicy> Routes { get; set; } = new(StringComparer.Ordinal)
    {
        // The API fails open: a Redis outage must not take balances and payments down with it.
        ["/api"] = new() { Limit = 60, WhenRedisDown = WhenRedisDown.Allow },
        // Webhooks fail open: dropping a partner's delivery is worse than an unlimited minute.
        ["/webhook"] = new() { Limit = 20, WhenRedisDown = WhenRedisDown.Allow },
        // Verification fails closed: without the limit, codes could be guessed.
        ["/verify"] = new() { Limit = 5, WhenRedisDown = WhenRedisDown.Refuse },
        // Every other public route (the gateway's shard API, OpenAPI documents): 60 a minute.
        ["/"] = new() { Limit = 60, WhenRedisDown = WhenRedisDown.Allow },
    };

    /// <summary>
    /// Path prefixes no limit applies to: health, liveness and metrics are internal (probes and
    /// scrapes come from the orchestrator, and throttling them would fail a healthy service).
    /// An endpoint can also opt out with <c>DisableRateLimiting()</c>, as the gateway's signed
    /// <c>/interactions</c> does: it is authenticated by signature and Discord calls from a few addresses.
    /// </summary>
    public List<string> ExemptPaths { get; set; } = ["/health", "/alive", "/metrics"];

    /// <summary>
    /// Proxies (CIDR) whose <c>CF-Connecting-IP</c> header is believed. From anyone else the header is
    /// ignored: it is trivially spoofed. Production lists Cloudflare's published ranges.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
