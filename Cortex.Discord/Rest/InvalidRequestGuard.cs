namespace Cortex.Discord.Rest;

/// <summary>
/// Counts invalid requests (401, 403, and 429 other than scope "shared") over a sliding 10 minutes
/// and refuses further calls before the count nears Discord's 10,000, which bans the IP.
/// </summary>
public sealed class InvalidRequestGuard(int limit, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _invalid = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                Trim(time.GetUtcNow());
                return _invalid.Count;
            }
        }
    }

    /// <summary>Throws <see cref="InvalidRequestLimitException"/> when no more calls may be sent.</summary>
    public void ThrowIfExhausted()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Trim(now);
            if (_invalid.Count >= limit)
            {
                var retryAt = _invalid.Peek() + Window;
                throw new InvalidRequestLimitException(
                    $"{_invalid.Count} invalid Discord requests (401/403/429) in 10 minutes; calls are refused until {retryAt:O} to stay clear of Discord's 10,000 IP ban.");
            }
        }
    }

    public void Record()
    {
        lock (_lock)
        {
            _invalid.Enqueue(time.GetUtcNow());
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_invalid.Count > 0 && now - _invalid.Peek() >= Window)
        {
            _invalid.Dequeue();
        }
    }
}
