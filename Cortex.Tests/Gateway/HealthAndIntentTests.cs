using System.Diagnostics.Metrics;
using Cortex.Discord.Gateway;
using Cortex.Gateway.Health;
using Cortex.Gateway.Metrics;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>The health monitor (degraded latency, a stuck loop respawned) and the intent filter's dropped count.</summary>
public sealed class HealthAndIntentTests() : EmulatorAndRedisTest(new Dictionary<string, string?> { ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "300" })
{
    private const int Shards = 2;

    [Fact]
    public async Task A_shard_with_ws_ping_over_500_ms_is_reported_degraded()
    {
        // A heartbeat interval longer than the added latency, so each ACK answers the heartbeat it is timed against.
        await using var emulator = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?> { ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1500" });
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(emulator, Redis, "degraded", Shards));
        await gateway.WaitReadyAsync([0, 1]);
        using var degraded = new MeasurementCounter("cortex.gateway.shard.degraded", ("shard", 0));
        var connection = await emulator.ConnectionOfShardAsync(0, c => c["session_id"]?.GetValue<string>() == gateway.Manager.Worker(0)!.State.SessionId);

        await emulator.PostAsync($"/control/gateway/connections/{connection}/latency", new { milliseconds = 600 });
        await ShardHarness.Until(() => gateway.Manager.Worker(0)!.State.Latency > TimeSpan.FromMilliseconds(500), "a slow heartbeat ACK");
        await gateway.Service<ShardHealthMonitor>().CheckAllAsync();

        Assert.True(degraded.Total >= 1);
        Assert.Equal(0, gateway.Service<ShardHealthMonitor>().LastHealth(0)!.ShardId);
        Assert.True(gateway.Service<ShardHealthMonitor>().LastHealth(0)!.WsPing > TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A_shard_whose_loop_stops_answering_is_respawned_and_loses_nothing()
    {
        const string prefix = "stuck";
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, prefix, Shards));
        var world = TestWorld.Create(Emulator, Shards, prefix);
        await gateway.WaitReadyAsync([0, 1]);
        world.Post(5, "before");
        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", world.Posted);
        var before = gateway.Manager.Worker(0)!;

        // Redis stops answering writes for 4 s: each shard's loop blocks in its routing call and cannot answer pings.
        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "4000", "WRITE");
        }

        world.Post(5, "while stuck");
        await ShardHarness.Until(() => gateway.Manager.Worker(0) is { } now && now != before, "shard 0 respawned", TimeSpan.FromSeconds(20));
        await gateway.WaitReadyAsync([0, 1], TimeSpan.FromSeconds(30));
        world.Post(5, "after");

        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", world.Posted);
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, prefix + ":messages", world.Posted);
        Assert.Equal(1, gateway.Gate.Granted(0));
    }

    [Fact]
    public async Task Events_outside_the_configured_intents_are_dropped_and_counted()
    {
        const string prefix = "intents";
        var settings = GatewayHost.Settings(Emulator, Redis, prefix, Shards);
        settings["Gateway:Intents"] = "Guilds, GuildMessages, MessageContent";
        await using var gateway = await GatewayHost.StartAsync(settings);
        await gateway.WaitReadyAsync([0, 1]);
        using var dropped = new MeasurementCounter("cortex.gateway.events.dropped", ("event", "TYPING_START"));

        // The emulator's control API injects regardless of intents: a wider session, as far as the gateway can tell.
        await Emulator.PostAsync("/control/gateway/dispatch", new { type = "TYPING_START", shard_id = 0, data = new { channel_id = "1", guild_id = "2", user_id = "3", timestamp = 0 } });
        await Emulator.PostAsync("/control/gateway/dispatch", new { type = "TYPING_START", shard_id = 1, data = new { channel_id = "1", guild_id = "2", user_id = "3", timestamp = 0 } });

        await ShardHarness.Until(() => dropped.Total == 2, "two dropped TYPING_START");
        Assert.Equal(0, await Redis.Database.StreamLengthAsync(prefix + ":messages"));
    }

    /// <summary>Sums one instrument of the "Cortex.Gateway" meter, for measurements carrying a given tag.</summary>
    private sealed class MeasurementCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public MeasurementCounter(string instrument, (string Key, object Value) tag)
        {
            _listener.InstrumentPublished = (i, listener) =>
            {
                if (i.Meter.Name == GatewayMetrics.MeterName && i.Name == instrument)
                {
                    listener.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var t in tags)
                {
                    if (t.Key == tag.Key && Equals(t.Value, tag.Value))
                    {
                        Interlocked.Add(ref _total, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
