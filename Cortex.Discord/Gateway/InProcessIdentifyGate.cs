namespace Cortex.Discord.Gateway;

/// <summary>
/// The identify gate for shards that all live in one process: one slot per bucket
/// (<c>shard_id % max_concurrency</c>) per window (5 s by default).
/// </summary>
public sealed class InProcessIdentifyGate : IIdentifyGate, IDisposable
{
    private readonly Bucket[] _buckets;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    /// <summary>Creates a gate for <paramref name="maxConcurrency"/> buckets (from <c>session_start_limit</c>).</summary>
    public InProcessIdentifyGate(int maxConcurrency, TimeProvider? time = null, TimeSpan? window = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _window = window ?? GatewayLimits.IdentifyWindow;
        _time = time ?? TimeProvider.System;
        _buckets = new Bucket[maxConcurrency];
        for (var i = 0; i < maxConcurrency; i++)
        {
            _buckets[i] = new Bucket();
        }
    }

    /// <summary>The number of buckets.</summary>
    public int MaxConcurrency => _buckets.Length;

    /// <inheritdoc />
    public async ValueTask WaitAsync(int shardId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        var bucket = _buckets[shardId % _buckets.Length];
        await bucket.Lock.WaitAsync(cancellationToken);
        try
        {
            var wait = bucket.NextAllowed - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            bucket.NextAllowed = _time.GetUtcNow() + _window;
        }
        finally
        {
            bucket.Lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask IdentifySentAsync(int shardId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        var bucket = _buckets[shardId % _buckets.Length];
        await bucket.Lock.WaitAsync(cancellationToken);
        try
        {
            // The window runs from the IDENTIFY on the wire, not from the grant (which may have been earlier).
            var fromSend = _time.GetUtcNow() + _window;
            if (fromSend > bucket.NextAllowed)
            {
                bucket.NextAllowed = fromSend;
            }
        }
        finally
        {
            bucket.Lock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var bucket in _buckets)
        {
            bucket.Lock.Dispose();
        }
    }

    private sealed class Bucket
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset NextAllowed { get; set; } = DateTimeOffset.MinValue;
    }
}
