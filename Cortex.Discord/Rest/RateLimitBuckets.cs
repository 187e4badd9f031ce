using System.Collections.Concurrent;

namespace Cortex.Discord.Rest;

/// <summary>
/// The buckets Discord revealed. A route starts in a provisional bucket keyed by its route and major
/// parameter; once a response names its <c>X-RateLimit-Bucket</c> hash, the route maps to that hash
/// (several routes can share one) and the bucket is keyed by hash and major parameter.
/// </summary>
public sealed class RateLimitBuckets(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _hashByRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);

    public RateLimitBucket For(DiscordRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var key = (_hashByRoute.TryGetValue(route.RouteKey, out var hash) ? hash : route.RouteKey) + ":" + route.MajorParameter;
        return _buckets.GetOrAdd(key, static (key, time) => new RateLimitBucket(key, time), time);
    }

    /// <summary>The hash Discord named for a route, once learned.</summary>
    public string? HashOf(DiscordRoute route) =>
        _hashByRoute.TryGetValue(route.RouteKey, out var hash) ? hash : null;

    /// <summary>
    /// Records the hash of a route; the bucket already used for it becomes the hash's bucket for this
    /// major parameter (unless another route of the same hash got there first), so its state carries on.
    /// </summary>
    public void Learn(DiscordRoute route, RateLimitBucket current, string hash)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (_hashByRoute.TryGetValue(route.RouteKey, out var known) && known == hash)
        {
            return;
        }

        _hashByRoute[route.RouteKey] = hash;
        _buckets.TryAdd(hash + ":" + route.MajorParameter, current);
    }
}
