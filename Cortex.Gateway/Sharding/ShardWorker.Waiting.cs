using Cortex.Gateway.Health;

namespace Cortex.Gateway.Sharding;

internal sealed partial class ShardWorker
{
    private static readonly TimeSpan PingCheck = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The pause before routing again while Redis is away or refusing writes. The shard is alive meanwhile, so it keeps
    /// answering health pings: a respawn could not help (the new connection would wait on the same Redis) and would only
    /// churn resumes. A drain waits for the route, at the top of the loop, so nothing taken from the buffer is dropped.
    /// </summary>
    private async Task WaitForRedisAsync(TimeSpan pause)
    {
        var until = _context.Time.GetUtcNow() + pause;
        for (var left = pause; left > TimeSpan.Zero; left = until - _context.Time.GetUtcNow())
        {
            // Peek, not read: a drain behind the pings stays queued for the loop.
            while (_commands.Reader.TryPeek(out var command) && command is ShardCommand.Ping ping && _commands.Reader.TryRead(out _))
            {
                Answer(ping);
            }

            await Task.Delay(left < PingCheck ? left : PingCheck, _context.Time, _stop.Token);
        }
    }

    private void Answer(ShardCommand.Ping ping)
    {
        var state = State;
        var lastEvent = LastEventAt;
        ping.Answer.TrySetResult(new ShardHealth(
            ShardId,
            state.Status,
            state.Latency,
            _context.Cache.GuildCount(ShardId),
            GC.GetGCMemoryInfo().HeapSizeBytes,
            lastEvent is null ? null : _context.Time.GetUtcNow() - lastEvent.Value));
    }
}
