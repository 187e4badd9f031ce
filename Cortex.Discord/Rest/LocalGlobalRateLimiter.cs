namespace Cortex.Discord.Rest;

/// <summary>
/// The global limit within one process: a sliding window (at most N sends in any second), which
/// stays under Discord's limit however its windows are aligned.
/// </summary>
public sealed class LocalGlobalRateLimiter(int requestsPerSecond, TimeProvider time) : IGlobalRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _sent = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && now - _sent.Peek() >= Window)
                {
                    _sent.Dequeue();
                }

                if (now < _blockedUntil)
                {
                    wait = _blockedUntil - now;
                }
                else if (_sent.Count < requestsPerSecond)
                {
                    _sent.Enqueue(now);
                    return;
                }
                else
                {
                    wait = _sent.Peek() + Window - now;
                }
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
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
