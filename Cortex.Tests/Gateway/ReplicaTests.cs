using System.Text.Json.Nodes;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>Two gateway processes share the shards through leases; killing one moves its shards to the other by RESUME.</summary>
public sealed class ReplicaTests : EmulatorAndRedisTest
{
    private const int Shards = 4;

    [Fact]
    public async Task Killing_one_of_two_replicas_moves_its_shards_to_the_other_within_the_lease_time_without_loss()
    {
        var world = TestWorld.Create(Emulator, Shards, "replicas");
        await using var a = GatewayProcess.Start(GatewayHost.Settings(Emulator, Redis, "replicas", Shards, "replica-a"));
        await a.WaitReadyAsync([0, 1, 2, 3]);
        await using var b = GatewayProcess.Start(GatewayHost.Settings(Emulator, Redis, "replicas", Shards, "replica-b"));

        // B joins: A hands shards back until each owns two, and every shard is connected exactly once.
        var split = await WaitAsync(b, v => Owners(v).Count(o => o == "replica-b") == 2 && Owners(v).Count(o => o == "replica-a") == 2 && AllReady(v, a, b).Result, "a 2/2 split");
        await AssertOneConnectionPerShardAsync();
        world.Post(10, "shared");

        var fromA = Enumerable.Range(0, Shards).Where(i => Owners(split)[i] == "replica-a").ToList();
        var posting = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                world.Post(1, "through the kill " + i);
                await Task.Delay(50);
            }
        });
        var killedAt = DateTime.UtcNow;
        await a.KillAsync();
        var after = await WaitAsync(b, v => Owners(v).All(o => o == "replica-b") && v["shards"]!.AsArray().All(s => s!["status"]?.GetValue<string>() == "Ready"), "B owns every shard");
        var takeOver = DateTime.UtcNow - killedAt;
        await posting;
        world.Post(10, "after");

        await StreamLedger.WaitForAsync(Redis.Database, "replicas:messages", world.Posted);
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, "replicas:messages", world.Posted);
        Assert.True(takeOver < TimeSpan.FromSeconds(3 + 2), $"take-over took {takeOver} (lease 3 s)");
        foreach (var id in fromA)
        {
            var shard = after["shards"]!.AsArray()[id]!;
            Assert.Equal(0, shard["identifies"]!.GetValue<int>());
            Assert.True(shard["resumes"]!.GetValue<int>() >= 1);
        }

        await AssertOneConnectionPerShardAsync();
    }

    private static string?[] Owners(JsonObject view) => [.. view["shards"]!.AsArray().Select(s => s!["owner"]?.GetValue<string>())];

    private static async Task<bool> AllReady(JsonObject view, GatewayProcess a, GatewayProcess b)
    {
        var views = new[] { await a.ShardsAsync(), await b.ShardsAsync() };
        return Enumerable.Range(0, Shards).All(id => views.Any(v => v?["shards"]!.AsArray()[id]!["owned_here"]!.GetValue<bool>() == true
            && v["shards"]!.AsArray()[id]!["status"]?.GetValue<string>() == "Ready"));
    }

    private static async Task<JsonObject> WaitAsync(GatewayProcess process, Func<JsonObject, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await process.ShardsAsync() is { } view && condition(view))
            {
                return view;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}: {await process.ShardsAsync()} (/shards: {process.LastShardsAnswer})\n{process.Output}");
            }

            await Task.Delay(100);
        }
    }

    private async Task AssertOneConnectionPerShardAsync()
    {
        var connections = await Emulator.ConnectionsAsync();
        var perShard = connections.Where(c => c!["session_id"] is not null).GroupBy(c => c!["shard_id"]!.GetValue<int>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, Shards), perShard.Keys.Order());
        Assert.All(perShard.Values, count => Assert.Equal(1, count));
    }
}
