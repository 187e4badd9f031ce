using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Benchmarks.Gateway;
using Cortex.Emulator.Gateway;
using Cortex.Events.Streams;
using StackExchange.Redis;

namespace Cortex.Benchmarks.Scale;

/// <summary>
/// The scale run's second half: events per second that R real Cortex.Gateway replicas (S shards between them, shard
/// leases) route into the partitioned event streams (<c>Events:Streams:Partitions</c> = P), on one redis-server and on
/// a three-node Redis Cluster (<see cref="Cortex.Tests.Cluster.LocalRedisCluster"/>, as the tests make it), side by
/// side in one run. Every shard's connection gets the emulator's firehose at once, the <c>spread</c> mix (the recorded
/// MESSAGE_CREATEs over 64 guilds, so the partitions all carry traffic); a round ends when every event is a stream
/// entry (XINFO entries-added summed over the partitions). Per target: events/s (median of the rounds), and CPU-s of
/// the gateways and of Redis (every node) per 100k events; and which node serves how many partitions.
/// <c>dotnet run -c Release --project Cortex.Benchmarks -- scale-events [shards] [replicas] [events-per-shard] [partitions] [rounds]</c>.
/// </summary>
public static class ScaleEventsHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var run = new EventsRun(Arg(args, 1, 16), Arg(args, 2, 4), Arg(args, 3, 20_000), Arg(args, 4, 16), Arg(args, 5, 3));
        Console.WriteLine($"== events into the streams: {run.Shards} shards over {run.Replicas} gateway replicas, {run.Partitions} partitions per stream, "
            + $"{run.PerShard:N0} events per shard per round ({run.Total:N0}), {run.Rounds} rounds per target");
        List<(string Target, string Spread, List<EventsRound> Rounds)> results = [];
        foreach (var start in new Func<Task<RedisTarget>>[] { RedisTarget.OneNodeAsync, RedisTarget.ClusterAsync })
        {
            await using var target = await start();
            results.Add(await MeasureAsync(target, run));
        }

        Console.WriteLine();
        Console.WriteLine($"| {run.Shards} shards, {run.Replicas} replicas, {run.Partitions} partitions ({run.Total:N0} events a round, median of {run.Rounds}) | events / s | gateway CPU-s per 100k events | Redis CPU-s per 100k events (all nodes) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (target, _, rounds) in results)
        {
            var median = rounds.OrderBy(r => r.EventsPerSecond).ElementAt(rounds.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {target} | {median.EventsPerSecond:N0} | {median.GatewayCpuPer100K:F2} | {median.RedisCpuPer100K:F2} |"));
        }

        foreach (var (target, spread, rounds) in results)
        {
            Console.WriteLine($"{target}: partitions {spread}; rounds (events/s): {string.Join(" / ", rounds.Select(r => r.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))}");
        }

        return 0;
    }

    private static async Task<(string, string, List<EventsRound>)> MeasureAsync(RedisTarget target, EventsRun run)
    {
        var (emulator, emulatorHttp) = await GatewayRig.StartUnpacedEmulatorAsync(run.Shards);
        await using var emulatorOwner = emulator;
        using var emulatorHttpOwner = emulatorHttp;
        await using var gateways = new ScaleReplicas();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:redis"] = target.ConnectionString,
            ["Gateway:ShardCount"] = run.Shards.ToString(CultureInfo.InvariantCulture),
            ["Gateway:IdentifyInterval"] = "00:00:00.050",
            ["Events:Streams:Partitions"] = run.Partitions.ToString(CultureInfo.InvariantCulture),
        };
        for (var replica = 0; replica < run.Replicas; replica++)
        {
            gateways.Add(GatewayRig.StartGateway(emulatorHttp.BaseAddress!, 0, settings, logShards: false));
        }

        await gateways.WaitAllReadyAsync(run.Shards, TimeSpan.FromMinutes(10));
        var connections = await ConnectionsAsync(emulatorHttp, run.Shards);
        var streams = EventPartitions.All(EventStreams.Messages, run.Partitions).ToArray();
        // A whole round of warm-up: a shorter one left the first measured round at half speed (JIT in
        // every replica, Redis growing its streams).
        await RoundAsync(target, gateways, emulatorHttp, connections, streams, run.PerShard);
        List<EventsRound> rounds = [];
        for (var round = 1; round <= run.Rounds; round++)
        {
            rounds.Add(await RoundAsync(target, gateways, emulatorHttp, connections, streams, run.PerShard));
            Console.WriteLine($"RESULT {target.Name} round={round} {rounds[^1]}");
        }

        return (target.Name, target.Spread(streams), rounds);
    }

    private static async Task<EventsRound> RoundAsync(RedisTarget target, ScaleReplicas gateways, HttpClient emulator, int[] connections, string[] streams, int perShard)
    {
        var database = target.Connection.GetDatabase();
        var expected = await EntriesAddedAsync(database, streams) + ((long)perShard * connections.Length);
        var (gatewayCpu, redisCpu) = (gateways.Cpu, target.Cpu);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select(async connection =>
        {
            using var response = await emulator.PostAsJsonAsync($"/control/gateway/connections/{connection}/firehose", new { count = perShard, mix = FirehoseMixes.Spread });
            response.EnsureSuccessStatusCode();
        }));
        while (await EntriesAddedAsync(database, streams) < expected)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The firehose round did not finish within 10 minutes.");
            }

            await Task.Delay(10);
        }

        var events = perShard * connections.Length;
        var round = new EventsRound(events, clock.Elapsed.TotalSeconds, (gateways.Cpu - gatewayCpu).TotalSeconds, (target.Cpu - redisCpu).TotalSeconds);

        // No consumer group reads these streams, so nothing would trim them: empty them between rounds (entries-added stays).
        foreach (var stream in streams)
        {
            await database.StreamTrimAsync(stream, 0);
        }

        return round;
    }

    // XINFO STREAM's entries-added counts what was ever appended, whatever is trimmed; a partition not yet written is 0.
    private static async Task<long> EntriesAddedAsync(IDatabase database, string[] streams)
    {
        long total = 0;
        foreach (var stream in streams)
        {
            if (!await database.KeyExistsAsync(stream))
            {
                continue;
            }

            var info = (RedisResult[])(await database.ExecuteAsync("XINFO", "STREAM", (RedisKey)stream))!;
            for (var i = 0; i + 1 < info.Length; i += 2)
            {
                if ((string?)info[i] == "entries-added")
                {
                    total += (long)info[i + 1];
                }
            }
        }

        return total;
    }

    // The emulator's live connection of each shard: the newest one with that shard id.
    private static async Task<int[]> ConnectionsAsync(HttpClient emulator, int shards)
    {
        var all = (await emulator.GetFromJsonAsync<JsonArray>("/control/gateway/connections"))!.OfType<JsonNode>().ToArray();
        return [.. Enumerable.Range(0, shards).Select(shard => all.Where(c => c["shard_id"]?.GetValue<int>() == shard).Max(c => c["id"]!.GetValue<int>()))];
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private sealed record EventsRun(int Shards, int Replicas, int PerShard, int Partitions, int Rounds)
    {
        public long Total => (long)Shards * PerShard;
    }

    private sealed record EventsRound(int Events, double WallSeconds, double GatewayCpu, double RedisCpu)
    {
        public double EventsPerSecond => Events / WallSeconds;

        public double GatewayCpuPer100K => GatewayCpu * 100_000 / Events;

        public double RedisCpuPer100K => RedisCpu * 100_000 / Events;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"events={Events} wall={WallSeconds:F2}s events/s={EventsPerSecond:N0} cpu-s/100k gateways={GatewayCpuPer100K:F2} redis={RedisCpuPer100K:F2}");
    }
}
