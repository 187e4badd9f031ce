using System.Diagnostics.Metrics;
using Cortex.Gateway.Metrics;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Gateway.Sharding;

/// <summary>
/// The linger in a running gateway against Redis and the emulator: a quiet shard routes each event at once, a busy one
/// routes fewer, fuller round trips, and nothing is lost or doubled. The linger is set to its maximum (100 ms) so its effect
/// stands well clear of the machine's noise.
/// </summary>
public sealed class RouteLingerGatewayTests : EmulatorAndRedisTest
{
    private const string Prefix = "linger";
    private const string Messages = Prefix + ":messages";

    [Fact]
    public async Task A_quiet_shard_does_not_linger_and_a_busy_one_routes_fuller_batches_exactly_once()
    {
        var settings = GatewayHost.Settings(Emulator, Redis, Prefix, 1);
        settings["Gateway:RouteLinger"] = "00:00:00.100";
        await using var gateway = await GatewayHost.StartAsync(settings);
        var world = TestWorld.Create(Emulator, 1, Prefix);
        await gateway.WaitReadyAsync([0]);
        using var batches = new RouteBatchSizes(gateway.Service<IMeterFactory>());
        var worker = gateway.Manager.Worker(0)!;

        // One event at a time. The first lone events may share a batch with the start's last dispatches (READY, and the test
        // world's GUILD_CREATE and GUILD_MEMBER_ADD, raised before the shard was ready but read as fast as a loaded machine
        // lets it): after a batch of more than one, a lone event lingers once. So post until one goes without lingering (a
        // broken rule lingers on every one and fails here); from then on, each lone event follows a lone one and none waits.
        var lingersWhenQuiet = worker.Lingers;
        for (var posted = 1; ; posted++)
        {
            await PostOneAndWait(world);
            if (worker.Lingers == lingersWhenQuiet)
            {
                break;
            }

            lingersWhenQuiet = worker.Lingers;
            Assert.True(posted < 10, $"each of {posted} lone events lingered");
        }

        for (var i = 0; i < 3; i++)
        {
            await PostOneAndWait(world);
        }

        Assert.Equal(lingersWhenQuiet, worker.Lingers);

        // Busy: a burst, then a trickle of one event per 5 ms for 150 ms. Unlingered, each trickled event is a round trip of
        // its own (Redis answers in well under 5 ms); lingering up to 100 ms gathers them into a few.
        world.Post(20, "burst");
        batches.Reset();
        for (var i = 0; i < 30; i++)
        {
            world.Post(1, "trickle");
            await Task.Delay(5);
        }

        await StreamLedger.WaitForAsync(Redis.Database, Messages, world.Posted);
        Assert.True(worker.Lingers > lingersWhenQuiet, "a busy shard never lingered");
        Assert.True(batches.Count <= 12, $"the 20 + 30 events took {batches.Count} round trips ({batches.Events} events): the batches did not grow");
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, Messages, world.Posted);
        var entries = await StreamLedger.ReadAsync(Redis.Database, Messages);
        Assert.Equal(world.Posted, entries.Select(e => e.Id));
    }

    private async Task PostOneAndWait(TestWorld world)
    {
        world.Post(1, "lone");
        await StreamLedger.WaitForAsync(Redis.Database, Messages, world.Posted);
        await Task.Delay(150);
    }

    /// <summary>Route round trips and their events, from this gateway's own meters only (other tests run alongside).</summary>
    private sealed class RouteBatchSizes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;
        private long _events;

        public RouteBatchSizes(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Meter.Scope == meters && instrument.Name == "cortex.gateway.route.batch.size")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                Interlocked.Increment(ref _count);
                Interlocked.Add(ref _events, value);
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public long Events => Interlocked.Read(ref _events);

        public void Reset()
        {
            Interlocked.Exchange(ref _count, 0);
            Interlocked.Exchange(ref _events, 0);
        }

        public void Dispose() => _listener.Dispose();
    }
}
