namespace Cortex.Discord.Rest;

/// <summary>
/// One rate-limit bucket (a route's bucket hash plus a major parameter). Calls in a bucket go one
/// at a time, so <see cref="Remaining"/> is known before each send; a call that would exceed it waits
/// for the reset Discord announced instead of finding out with a 429.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never touched holds nothing to dispose; an idle bucket is simply dropped.")]
public sealed class RateLimitBucket(string key, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int? _remaining;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;
    private int _holders;
    private long _lastUsed;

    public string Key { get; } = key;

    public int? Limit { get; private set; }

    public int? Remaining => _remaining;

    public DateTimeOffset ResetAt => _resetAt;

    /// <summary>No call is in or waiting for this bucket: it may be dropped.</summary>
    public bool IsIdle => Volatile.Read(ref _holders) == 0;

    /// <summary>When the bucket was last looked up, as an ever-growing use counter.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    internal void Touch(long use) => Volatile.Write(ref _lastUsed, use);

    /// <summary>Waits for this bucket's turn; dispose the result when the response has been read.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _holders);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _holders);
            throw;
        }

        return new Turn(this);
    }

    /// <summary>How long the caller must wait before sending (called inside a turn).</summary>
    public TimeSpan DelayBeforeSend()
    {
        var now = time.GetUtcNow();
        if (now >= _resetAt)
        {
            // The window rolled over: the limit is whole again (or not yet known).
            _remaining = Limit;
            return TimeSpan.Zero;
        }

        return _remaining is 0 ? _resetAt - now : TimeSpan.Zero;
    }

    /// <summary>Counts a send, so a burst inside one turn cannot overshoot before headers arrive.</summary>
    public void OnSend()
    {
        if (_remaining is > 0)
        {
            _remaining--;
        }
    }

    /// <summary>Learns the bucket's state from a response.</summary>
    public void Update(RateLimitHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Limit is { } limit)
        {
            Limit = limit;
        }

        if (headers.Remaining is { } remaining)
        {
            _remaining = remaining;
        }

        if (headers.ResetAfter is { } resetAfter)
        {
            _resetAt = time.GetUtcNow() + resetAfter;
        }
    }

    /// <summary>A 429 on this bucket: nothing more until <paramref name="retryAfter"/> has passed.</summary>
    public void BlockFor(TimeSpan retryAfter)
    {
        _remaining = 0;
        var until = time.GetUtcNow() + retryAfter;
        if (until > _resetAt)
        {
            _resetAt = until;
        }
    }

    private sealed class Turn(RateLimitBucket bucket) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                bucket._gate.Release();
                Interlocked.Decrement(ref bucket._holders);
            }
        }
    }
}
