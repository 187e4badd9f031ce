using System.Diagnostics.Metrics;
using Cortex.Gateway.Metrics;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>The seed's receive-buffer-lag stage: every dispatch the shard's loop takes up records how long it waited.</summary>
public sealed class ReceiveLagTests : EmulatorAndRedisTest
{

    [Fact]
    public async Task Receive_buffer_lag_is_recorded_for_each_dispatch_of_the_shard()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, "receive-lag", 1));
        await gateway.WaitReadyAsync([0]);
        var factory = gateway.Service<IMeterFactory>();
        var lags = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other test classes run gateways in parallel.
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Meter.Scope == factory && instrument.Name == "cortex.gateway.receive.lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (lags)
            {
                lags.Add(value);
            }
        });
        listener.Start();

        for (var i = 0; i < 3; i++)
        {
            await Emulator.PostAsync("/control/gateway/dispatch", new { type = "TYPING_START", shard_id = 0, data = new { channel_id = "1", guild_id = "2", user_id = "3", timestamp = 0 } });
        }

        await ShardHarness.Until(() => { lock (lags) { return lags.Count >= 3; } }, "three receive lags recorded");
        lock (lags)
        {
            Assert.All(lags, lag => Assert.InRange(lag, 0, 5000));
        }
    }
}
