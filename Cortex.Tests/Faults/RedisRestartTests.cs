using Cortex.Tests.Gateway;
using Cortex.Tests.Support;
using StackExchange.Redis;

namespace Cortex.Tests.Faults;

/// <summary>
/// Redis killed (SIGKILL) and started again from its append-only file while chat keeps arriving:
/// the gateway buffers and routes every message once Redis is back, and both consumer-group readers
/// reconnect and read every one of them.
/// </summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    private const string Prefix = "redisrestart";
    private const string Stream = Prefix + ":messages";
    private EmulatorServer _emulator = null!;
    private RedisServer _redis = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?> { ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1000" });
        _redis = await RedisServer.StartPersistentAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_redis_restart_under_chat_traffic_loses_no_message_for_the_gateway_or_its_consumers()
    {
        var world = TestWorld.Create(_emulator, 2, Prefix);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        // A group handling a batch at once (as the AI worker's) and one handling entries in order (as the economy's).
        await using var ai = RecordingReader.Create(redis, Stream, "ai", settings: new Dictionary<string, string?> { ["MaxConcurrency"] = "16" });
        await using var economy = RecordingReader.Create(redis, Stream, "economy");
        RecordingReader[] consumers = [ai, economy];
        foreach (var consumer in consumers)
        {
            await consumer.StartAsync();
        }

        // Both groups exist before traffic, as they would for services already running.
        for (var attempt = 0; await ConsumerGroups.CountAsync(redis.GetDatabase(), Stream) < 2; attempt++)
        {
            Assert.True(attempt < 200, "the consumers did not create their groups");
            await Task.Delay(50);
        }

        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(_emulator, _redis.ConnectionString, Prefix, 2));
        await gateway.WaitReadyAsync([0, 1]);
        world.Post(10, "before the restart");
        await WaitForEveryConsumerAsync(consumers, world.Posted);

        using var stop = new CancellationTokenSource();
        var chatter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                world.Post(1, "all along");
                await Task.Delay(50);
            }
        });
        await Task.Delay(500);
        await _redis.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _redis.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await chatter;
        world.Post(10, "after the restart");

        await StreamLedger.WaitForAsync(redis.GetDatabase(), Stream, world.Posted, TimeSpan.FromSeconds(60));
        await StreamLedger.AssertExactlyOnceAsync(redis.GetDatabase(), Stream, world.Posted);
        await WaitForEveryConsumerAsync(consumers, world.Posted);
    }

    private static async Task WaitForEveryConsumerAsync(RecordingReader[] consumers, IReadOnlyList<string> posted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (consumers.Any(c => posted.Any(id => !c.Seen.ContainsKey(id))))
        {
            if (DateTime.UtcNow > deadline)
            {
                var missing = consumers.Select(c => $"group {c.Reader.Group} misses {posted.Count(id => !c.Seen.ContainsKey(id))} of {posted.Count}");
                Assert.Fail(string.Join("; ", missing));
            }

            await Task.Delay(100);
        }
    }
}
