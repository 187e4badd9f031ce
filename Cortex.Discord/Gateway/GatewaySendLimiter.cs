namespace Cortex.Discord.Gateway;

/// <summary>
/// The client's side of "120 payloads per connection per 60 s": a sliding window of send times.
/// Ordinary commands may use the window minus a reserve, so heartbeats, IDENTIFY and RESUME always
/// find room. One per connection.
/// </summary>
public sealed class GatewaySendLimiter : IDisposable
{
    private readonly Queue<long> _sentAt = new();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private int _reserve;

    /// <summary>Creates a limiter for <paramref name="limit"/> sends per <paramref name="window"/>.</summary>
    public GatewaySendLimiter(TimeProvider? time = null, int limit = GatewayLimits.SendsPerWindow, TimeSpan? window = null)
    {
        _time = time ?? TimeProvider.System;
        _limit = limit;
        _window = window ?? GatewayLimits.SendWindow;
        _reserve = Math.Min(10, limit / 2);
    }

    /// <summary>Sends currently counted in the window.</summary>
    public int InWindow
    {
        get
        {
            lock (_sentAt)
            {
                Prune(_time.GetTimestamp());
                return _sentAt.Count;
            }
        }
    }

    /// <summary>Sizes the reserve for heartbeats from HELLO's interval: one per interval in a window, plus identify/resume and a few heartbeat requests.</summary>
    public void ReserveForHeartbeats(TimeSpan heartbeatInterval)
    {
        var perWindow = (int)Math.Ceiling(_window / heartbeatInterval);
        _reserve = Math.Clamp(perWindow + 4, 1, _limit / 2);
    }

    /// <summary>Waits for room and counts one send. <paramref name="important"/> sends may use the reserve.</summary>
    public async ValueTask WaitAsync(bool important, CancellationToken cancellationToken)
    {
        if (important)
        {
            // Heartbeats never queue behind ordinary commands waiting for room.
            await WaitForRoomAsync(_limit, cancellationToken);
            return;
        }

        // One ordinary waiter at a time keeps commands in order behind each other.
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await WaitForRoomAsync(_limit - _reserve, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask WaitForRoomAsync(int allowed, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_sentAt)
            {
                var now = _time.GetTimestamp();
                Prune(now);
                if (_sentAt.Count < allowed)
                {
                    _sentAt.Enqueue(now);
                    return;
                }

                wait = _window - _time.GetElapsedTime(_sentAt.Peek(), now);
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private void Prune(long now)
    {
        while (_sentAt.Count > 0 && _time.GetElapsedTime(_sentAt.Peek(), now) >= _window)
        {
            _sentAt.Dequeue();
        }
    }
}
