namespace Cortex.Discord.Rest;

/// <summary>
/// The global limit within one process: a sliding window, at most N requests in flight or answered
/// less than <see cref="Window"/> ago, which stays under Discord's limit however its windows are aligned.
/// </summary>
public sealed class LocalGlobalRateLimiter(int requestsPerSecond, TimeProvider time) : IGlobalRateLimiter
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _slots = new(StringComparer.Ordinal);
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private long _next;

    public async ValueTask<GlobalSlot> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                foreach (var expired in _slots.Where(slot => now - slot.Value >= Window).Select(slot => slot.Key).ToList())
                {
                    _slots.Remove(expired);
                }

                if (now < _blockedUntil)
                {
                    wait = _blockedUntil - now;
                }
                else if (_slots.Count < requestsPerSecond)
                {
                    var slot = new GlobalSlot((++_next).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    // In flight: counts until its response arrives.
                    _slots[slot.Id] = DateTimeOffset.MaxValue - Window;
                    return slot;
                }
                else
                {
                    // Poll while the oldest slot is still in flight.
                    var oldest = _slots.Values.Min();
                    wait = oldest > now ? PollInterval : oldest + Window - now;
                }
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }

    public ValueTask CompleteAsync(GlobalSlot slot, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_slots.ContainsKey(slot.Id))
            {
                _slots[slot.Id] = time.GetUtcNow();
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask BlockAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }

        return ValueTask.CompletedTask;
    }
}
