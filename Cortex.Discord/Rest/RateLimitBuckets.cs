using System.Collections.Concurrent;

namespace Cortex.Discord.Rest;

/// <summary>
/// The buckets Discord revealed. A route starts in a provisional bucket keyed by its route and major
/// parameter; once a response names its <c>X-RateLimit-Bucket</c> hash, the route maps to that hash
/// (several routes can share one) and the bucket is keyed by hash and major parameter.
/// Major parameters are unbounded (every interaction has its own), so at most <see cref="Capacity"/>
/// buckets are kept: past it, idle buckets are dropped, those whose window already passed first (a new
/// bucket behaves the same), then the least recently used (the worst case is one 429, waited out).
/// </summary>
public sealed class RateLimitBuckets(TimeProvider time, int capacity = RateLimitBuckets.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, string> _hashByRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private long _uses;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>How many buckets are held now.</summary>
    public int Count => _buckets.Count;

    public RateLimitBucket For(DiscordRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var key = (_hashByRoute.TryGetValue(route.RouteKey, out var hash) ? hash : route.RouteKey) + ":" + route.MajorParameter;
        var bucket = _buckets.GetOrAdd(key, static (key, time) => new RateLimitBucket(key, time), time);
        bucket.Touch(Interlocked.Increment(ref _uses));
        if (_buckets.Count > Capacity)
        {
            EvictIdle();
        }

        return bucket;
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
        ArgumentNullException.ThrowIfNull(current);
        if (!_hashByRoute.TryGetValue(route.RouteKey, out var known) || known != hash)
        {
            _hashByRoute[route.RouteKey] = hash;
        }

        // The provisional bucket's key is no longer looked up: its state moves under the hash's key.
        var provisional = route.RouteKey + ":" + route.MajorParameter;
        _buckets.TryAdd(hash + ":" + route.MajorParameter, current);
        if (current.Key == provisional)
        {
            _buckets.TryRemove(new KeyValuePair<string, RateLimitBucket>(provisional, current));
        }
    }

    /// <summary>Drops idle buckets down to three quarters of the capacity, so the sort is paid rarely.</summary>
    private void EvictIdle()
    {
        if (!_evicting.TryEnter())
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            var excess = _buckets.Count - (Capacity * 3 / 4);
            var victims = _buckets
                .Where(pair => pair.Value.IsIdle)
                .OrderBy(pair => pair.Value.ResetAt > now)
                .ThenBy(pair => pair.Value.LastUsed)
                .Take(Math.Max(excess, 0))
                .ToList();
            foreach (var victim in victims)
            {
                _buckets.TryRemove(victim);
            }
        }
        finally
        {
            _evicting.Exit();
        }
    }
}
