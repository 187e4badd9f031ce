using Cortex.Tests.Gateway;
using Cortex.Tests.Support;
using StackExchange.Redis;

namespace Cortex.Tests.Faults;

/// <summary>
/// Redis up but refusing writes, as at its memory limit with <c>noeviction</c> (OOM) or while loading a large
/// append-only file (LOADING): server errors, not a lost connection or a timeout. The shard keeps its connection and
/// its events, retries the route (answering health pings meanwhile), and delivers every event once when writes come back:
/// no stop, no respawn, no resume.
/// </summary>
public sealed class RedisRefusingWritesTests() : EmulatorAndRedisTest(new Dictionary<string, string?>
{
    ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1000",
})
{
    private const string Prefix = "refusing";
    private const string Stream = Prefix + ":messages";

    [Fact]
    public async Task A_shard_holds_its_events_while_redis_refuses_writes_and_routes_each_once_after()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var settings = GatewayHost.Settings(Emulator, Redis, Prefix, 1);
        settings["Gateway:LeaseTime"] = "00:00:15"; // outlasts the refusal: a lapsed lease would rightly stop the shard
        await using var gateway = await GatewayHost.StartAsync(settings);
        var world = TestWorld.Create(Emulator, 1, Prefix);
        await gateway.WaitReadyAsync([0]);
        world.Post(5, "before");
        await StreamLedger.WaitForAsync(Redis.Database, Stream, world.Posted);
        var worker = gateway.Manager.Worker(0);

        await server.ConfigSetAsync("maxmemory-policy", "noeviction");
        await server.ConfigSetAsync("maxmemory", "1");
        var during = world.Post(10, "while refused");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var routedWhileRefused = (await StreamLedger.ReadAsync(Redis.Database, Stream)).Count(e => during.Contains(e.Id));
        await server.ConfigSetAsync("maxmemory", "0");
        world.Post(5, "after");

        Assert.Equal(0, routedWhileRefused); // the refusal was really met
        await StreamLedger.WaitForAsync(Redis.Database, Stream, world.Posted, TimeSpan.FromSeconds(20));
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, Stream, world.Posted);
        Assert.Same(worker, gateway.Manager.Worker(0)); // the same shard carried on: no respawn was needed
    }
}
