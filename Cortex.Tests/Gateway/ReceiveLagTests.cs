using System.Diagnostics.Metrics;
using Cortex.Gateway.Metrics;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>
/// The seed's per-dispatch stages (receive-buffer lag, routing-field decode, handler time) are recorded once per batch the
/// shard's loop takes up (issue 19: a histogram update per dispatch cost more than the reads it timed); the receive lag is
/// the wait of the batch's oldest dispatch.
/// </summary>
public sealed class ReceiveLagTests : EmulatorAndRedisTest
{
    private const int Events = 2000;

    [Fact]
    public async Task Receive_lag_decode_and_handler_time_are_recorded_once_per_batch()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, "receive-lag", 1));
        await gateway.WaitReadyAsync([0]);
        var factory = gateway.Service<IMeterFactory>();
        var recorded = new Dictionary<string, List<double>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other test classes run gateways in parallel.
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Meter.Scope == factory
                && instrument.Name is "cortex.gateway.receive.lag" or "cortex.gateway.decode.duration" or "cortex.gateway.handler.duration" or "cortex.gateway.route.batch.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument.Name, value));
        listener.Start();

        // A start-up batch (READY, the GUILD_CREATEs) may still be between its Redis call and its handler record when the
        // listener starts, which would count its handler time without its batch size: wait until nothing has been recorded
        // for half a second, then count the firehose's batches only.
        for (var before = -1; before != Count();)
        {
            before = Count();
            await Task.Delay(500);
        }

        lock (recorded)
        {
            recorded.Clear();
        }

        // The recorded mix (MESSAGE_CREATEs and GUILD_CREATEs, every one routed) as fast as the shard reads: it comes in batches.
        var connection = await Emulator.ConnectionOfShardAsync(0);
        await Emulator.PostAsync($"/control/gateway/connections/{connection}/firehose", new { count = Events });
        await ShardHarness.Until(() => Sizes().Sum() >= Events, "the firehose routed", TimeSpan.FromSeconds(60));

        lock (recorded)
        {
            var batches = Sizes().Count(size => size > 0);
            Assert.InRange(batches, 1, Events - 1);
            Assert.Equal(batches, recorded["cortex.gateway.handler.duration"].Count);
            Assert.Equal(recorded["cortex.gateway.receive.lag"].Count, recorded["cortex.gateway.decode.duration"].Count);
            Assert.InRange(recorded["cortex.gateway.receive.lag"].Count, batches, batches + 2);
            Assert.All(recorded["cortex.gateway.receive.lag"], lag => Assert.InRange(lag, 0, 5000));
        }

        void Record(string name, double value)
        {
            lock (recorded)
            {
                (recorded.TryGetValue(name, out var values) ? values : recorded[name] = []).Add(value);
            }
        }

        int Count()
        {
            lock (recorded)
            {
                return recorded.Values.Sum(values => values.Count);
            }
        }

        List<double> Sizes()
        {
            lock (recorded)
            {
                return [.. recorded.GetValueOrDefault("cortex.gateway.route.batch.size") ?? []];
            }
        }
    }
}
