using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Gateway.Status;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>
/// GET /shards is cluster-wide: each replica publishes its shards' live state to Redis, so whichever replica
/// answers shows every shard, the other's with its reporter and age. Publishing costs one pipelined write per
/// renew tick (plus one per state change), not one per event; a stopped replica withdraws its reports.
/// </summary>
public sealed class ClusterShardsViewTests : EmulatorAndRedisTest
{
    private const int Shards = 4;

    [Fact]
    public async Task Either_replica_shows_every_shard_live_and_reports_cost_a_write_per_tick_not_per_event()
    {
        const string prefix = "cluster-view";
        var world = TestWorld.Create(Emulator, Shards, prefix);
        await using var a = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, prefix, Shards, "replica-a"));
        await using var b = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, prefix, Shards, "replica-b"));
        await ShardHarness.Until(
            () => a.Manager.OwnedShards.Count == 2 && b.Manager.OwnedShards.Count == 2
                && a.Manager.Workers.Concat(b.Manager.Workers).Count(w => w.State.Status == Cortex.Discord.Gateway.ShardStatus.Ready) == Shards,
            "a 2/2 split with every shard Ready",
            TimeSpan.FromSeconds(60));

        foreach (var (host, me, other) in new[] { (a, "replica-a", "replica-b"), (b, "replica-b", "replica-a") })
        {
            var view = await WaitViewAsync(host, v => v["shards"]!.AsArray().All(s => s!["status"]?.GetValue<string>() == "Ready"));
            Assert.Equal(me, view["replica"]!.GetValue<string>());
            foreach (var shard in view["shards"]!.AsArray())
            {
                var owner = shard!["owner"]!.GetValue<string>();
                Assert.Equal(owner, shard["reported_by"]!.GetValue<string>());
                Assert.Equal(owner == me, shard["owned_here"]!.GetValue<bool>());
                Assert.True(shard["identifies"]!.GetValue<int>() + shard["resumes"]!.GetValue<int>() >= 1, $"no session start reported: {shard}");
                Assert.NotNull(shard["guilds"]);
                var age = shard["report_age_ms"]!.GetValue<double>();
                Assert.InRange(age, 0, owner == me ? 0 : 3_000);
            }

            Assert.Contains(view["shards"]!.AsArray(), s => s!["owner"]!.GetValue<string>() == other);
        }

        // Steady state: about one batch per 500 ms renew tick, however many events flow.
        var reporter = a.Service<ShardReporter>();
        var before = reporter.Batches;
        var started = DateTime.UtcNow;
        world.Post(100, "burst");
        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", world.Posted);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var ticks = (DateTime.UtcNow - started) / TimeSpan.FromMilliseconds(500);
        var batches = reporter.Batches - before;
        Assert.True(batches <= ticks + 2, $"{batches} report batches in {ticks:F1} renew ticks while routing {world.Posted.Count} events");
        Assert.True(batches >= 1, "no report was published");

        // A replica that stops withdraws its reports; the survivor takes the shards and reports them as its own.
        await b.StopAsync();
        var taken = await WaitViewAsync(a, v => v["shards"]!.AsArray().All(s =>
            s!["owner"]?.GetValue<string>() == "replica-a" && s["reported_by"]?.GetValue<string>() == "replica-a" && s["status"]?.GetValue<string>() == "Ready"));
        Assert.All(taken["shards"]!.AsArray(), s => Assert.Equal(0, s!["report_age_ms"]!.GetValue<double>()));
        Assert.All(Enumerable.Range(0, Shards), id => Assert.False(Redis.Database.StringGet($"{prefix}:shard:report:{{{id}}}").ToString().Contains("replica-b", StringComparison.Ordinal)));
    }

    private static async Task<JsonObject> WaitViewAsync(GatewayHost host, Func<JsonObject, bool> condition)
    {
        JsonObject? last = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            last = await host.Http.GetFromJsonAsync<JsonObject>("/shards");
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"/shards never matched; last: {last}");
    }
}
