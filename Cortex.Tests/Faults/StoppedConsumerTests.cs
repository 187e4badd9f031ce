using Cortex.Tests.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Faults;

/// <summary>
/// A consumer group stopped while the gateway routes and trims (every 200 ms, no retention, a live group
/// acknowledging everything): the stream keeps what the stopped group has not read, and once its reader
/// starts again it reads every event exactly once; then the stream is trimmed empty.
/// </summary>
public sealed class StoppedConsumerTests : EmulatorAndRedisTest
{
    private const string Prefix = "stoppedconsumer";
    private const string Stream = Prefix + ":messages";

    [Fact]
    public async Task A_consumer_stopped_while_events_are_routed_and_trimmed_reads_every_one_once_when_it_restarts()
    {
        var world = TestWorld.Create(Emulator, 2, Prefix);
        await using var live = RecordingReader.Create(Redis.Connection, Stream, "live", settings: new Dictionary<string, string?> { ["MaxConcurrency"] = "16" });
        await using var stopped = RecordingReader.Create(Redis.Connection, Stream, "stopped");
        await live.StartAsync();
        await stopped.StartAsync();
        await WaitUntilAsync(async () => await ConsumerGroups.CountAsync(Redis.Database, Stream) == 2, "both groups exist");

        await stopped.StopAsync();
        var settings = GatewayHost.Settings(Emulator, Redis, Prefix, 2);
        settings["Gateway:StreamRetention"] = "00:00:00";
        settings["Gateway:StreamTrimInterval"] = "00:00:00.200";
        settings["Gateway:StreamMaxLength"] = "1000";
        await using var gateway = await GatewayHost.StartAsync(settings);
        await gateway.WaitReadyAsync([0, 1]);

        world.Post(300, "while one reader is stopped");
        await WaitUntilAsync(() => Task.FromResult(world.Posted.All(live.Seen.ContainsKey)), "the live group read everything");
        await Task.Delay(1_000); // several trim passes with the live group fully acknowledged
        Assert.Equal(world.Posted.Count, await Redis.Database.StreamLengthAsync(Stream));

        await using var restarted = RecordingReader.Create(Redis.Connection, Stream, "stopped", consumer: "c2");
        await restarted.StartAsync();
        await WaitUntilAsync(() => Task.FromResult(world.Posted.All(restarted.Seen.ContainsKey)), "the restarted group read everything");
        Assert.All(restarted.Seen.Values, count => Assert.Equal(1, count));
        Assert.Equal(world.Posted.Count, restarted.Seen.Count);

        await WaitUntilAsync(async () => await Redis.Database.StreamLengthAsync(Stream) == 0, "the stream trimmed once both groups acknowledged");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(100);
        }
    }
}
