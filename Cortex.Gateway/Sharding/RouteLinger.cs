using System.Threading.Channels;
using Cortex.Discord.Gateway;

namespace Cortex.Gateway.Sharding;

/// <summary>
/// The shard loop's pending wait on its command channel, shared by the loop and the linger: the channel is single-reader, and
/// a second <c>WaitToReadAsync</c> on it would cancel the first.
/// </summary>
internal sealed class LoopWaits
{
    public Task<bool>? Command { get; set; }
}

/// <summary>
/// Kafka's <c>linger.ms</c> for the shard loop (<see cref="Configuration.GatewayOptions.RouteLinger"/>): before routing a
/// batch smaller than <see cref="Configuration.GatewayOptions.RouteBatchSize"/>, wait a little for more, so a Redis round
/// trip's fixed costs (the call, the loop's wake-ups, the client's completion, the metrics) are shared by more events.
/// Adaptive so it costs nothing at low rates: it waits only when the previous round trip carried more than one event,
/// i.e. events are arriving faster than the loop routes them; a lone event after a lone event goes at once. The wait ends
/// when the bound has passed since the batch's first dispatch was read off the socket (then the batch is topped up to
/// its size), when a command (ping, drain, stop) is waiting, or when the connection's dispatches end: the added latency
/// is at most the bound.
/// </summary>
internal sealed class RouteLinger(TimeSpan bound, int batchSize, TimeProvider time)
{
    /// <summary>Events the previous round trip carried (after any linger).</summary>
    private int _previous;
    private int _lingers;

    /// <summary>How many times it waited (tests read it from another thread).</summary>
    public int Lingers => Volatile.Read(ref _lingers);

    /// <summary>
    /// Tops <paramref name="batch"/> up from <paramref name="dispatches"/> when the rule says waiting will grow it; returns
    /// at once otherwise. Records the batch's final size for the next decision.
    /// </summary>
    public async ValueTask FillAsync(List<GatewayDispatch> batch, ChannelReader<GatewayDispatch> dispatches, ChannelReader<ShardCommand> commands, LoopWaits waits)
    {
        if (bound > TimeSpan.Zero && batch.Count < batchSize && _previous > 1)
        {
            await WaitAsync(batch, dispatches, commands, waits);
        }

        _previous = batch.Count;
    }

    private async Task WaitAsync(List<GatewayDispatch> batch, ChannelReader<GatewayDispatch> dispatches, ChannelReader<ShardCommand> commands, LoopWaits waits)
    {
        // From when the first dispatch was read off the socket: one that sat in the buffer has waited already.
        var received = batch[0].ReceivedTimestamp;
        var left = bound - (received == 0 ? TimeSpan.Zero : time.GetElapsedTime(received));
        if (left <= TimeSpan.Zero || commands.TryPeek(out _))
        {
            return;
        }

        Interlocked.Increment(ref _lingers);
        using var timerCancel = new CancellationTokenSource();
        var timer = Task.Delay(left, time, timerCancel.Token);

        // One wait for the whole linger, not a wake-up per arriving dispatch: waking on each arrival cost the gateway as much
        // CPU as the round trips it saved (docs/benchmarks.md, sixteenth pass). So a batch that would fill sooner still goes
        // at the bound; at a rate that fills it within the bound, it is usually full when taken and no linger begins.
        waits.Command ??= commands.WaitToReadAsync().AsTask();
        await Task.WhenAny(timer, waits.Command, dispatches.Completion);
        if (!timer.IsCompleted)
        {
            // A command (or the end of the commands or of the dispatches): the loop takes it from here, routing the batch in
            // hand, no more, as if the command had come during the round trip. Synchronously: the timer is only unregistered.
            timerCancel.Cancel();
            return;
        }

        while (batch.Count < batchSize && dispatches.TryRead(out var dispatch))
        {
            batch.Add(dispatch);
        }
    }
}
