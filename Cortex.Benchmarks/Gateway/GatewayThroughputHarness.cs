using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Compression;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using StackExchange.Redis;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// Events per second through one real Cortex.Gateway process into the Redis streams. The emulator's
/// firehose (the recorded mix: 95 MESSAGE_CREATE, 5 GUILD_CREATE of ~45 KB per 100) runs on every shard's
/// connection at once; a round ends when every shard's delivered marks in Redis (<c>delivered:{shard}</c> of the
/// messages and guilds streams, written by the same script as the stream entries) reach the firehose's last sequence. Per round:
/// wall time, CPU time of the gateway, redis-server and emulator processes, stream entries added
/// (XINFO entries-added), Redis' per-command time (INFO commandstats: XADD vs. the session save and
/// dedupe bookkeeping) and the gateway's own pipeline metrics (/metrics). In the same run, the ceilings of
/// the parts: one bare ShardConnection on the same emulator, and as many bare ShardConnections in one process as the gateway
/// has shards (each with the same firehose: the like-for-like floor of a process holding that many connections), each in a
/// process of its own (<see cref="BareShardsProcess"/>), pipelined raw XADD and the
/// gateway's routing script called directly, both with the same payloads and batch size. Then the bare shards again at each
/// gateway's pace of the round, per connection (<see cref="PaceComparison"/>): the full-speed bare rows read what queued on their
/// sockets, the gateway at the pace Redis allowed. With <c>--fixed-pace=10000,25000</c>, also the gateways and the bare shards all
/// at each of those paces (events/s per connection), every round.
/// <c>dotnet run -c Release --project Cortex.Benchmarks -- gateway-throughput [events-per-shard] [rounds] [shards] [variants] [warm-up rounds] [--fixed-pace=N,...]</c>
/// (variants: comma-separated <c>as-built</c>, <c>spin&lt;N&gt;</c> and <c>name@directory-of-a-Cortex.Gateway-build</c>, each optionally
/// followed by <c>+NAME=VALUE</c> environment settings, e.g. <c>ws+DOTNET_gcServer=0</c>; each is its own gateway process, measured in turn).
/// </summary>
public static class GatewayThroughputHarness
{
    private const int BatchSize = 256;

    private const string Recorded = Cortex.Emulator.Gateway.FirehoseMixes.Recorded;

    // Tiered compilation promotes a method after 30 calls, twice with PGO (instrumented, then optimized): twice that, and some.
    private const int ScrapesToTierUp = 80;

    private const string FixedPaceOption = "--fixed-pace=";

    // A paced warm-up round per warm-up round: a second at 20k events/s per connection, thousands of waiting reads.
    private const int PacedWarmupEvents = 20_000;
    private const int PacedWarmupPace = 20_000;

    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] arguments)
    {
        var args = arguments.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var fixedPaces = FixedPaces(arguments);
        var perShard = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var shards = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
        var variants = (args.Length > 4 ? args[4] : "as-built").Split(',').Select(Variant.Parse).ToList();
        // Three whole rounds for every contestant alike (each gateway, and the bare shard's runs): after one, the first measured
        // round still carried 0.9–1.4 s of the gateway's JIT and 0.1 s of the bare shard's; after three, 0.1–0.2 s and 0.03 s,
        // what every later round carries (docs/benchmarks.md, eighth pass).
        var warmupRounds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 3;
        var total = perShard * shards;
        var bareCompression = BareShardCompression(variants);

        var (redisProcess, redis, redisPort) = await GatewayRig.StartRedisAsync();
        await using var redisOwner = redisProcess;
        using var redisConnection = redis;
        var (emulator, emulatorHttp) = await GatewayRig.StartUnpacedEmulatorAsync(shards);
        await using var emulatorOwner = emulator;
        using var emulatorHttpOwner = emulatorHttp;
        var db = redis.GetDatabase();
        var server = redis.GetServer(redis.GetEndPoints()[0]);

        // One gateway process per variant, each with its own keys and stream; only the measured one gets a firehose.
        List<RunningGateway> gateways = [];
        BareShardsProcess? bareOne = null;
        BareShardsProcess? bareAll = null;
        try
        {
            foreach (var variant in variants)
            {
                var settings = new Dictionary<string, string>(variant.Environment)
                {
                    ["Gateway:ShardCount"] = shards.ToString(CultureInfo.InvariantCulture),
                    ["Gateway:IdentifyInterval"] = "00:00:00.050",
                    ["Gateway:LeaseRenewInterval"] = "00:00:01",
                    ["Gateway:KeyPrefix"] = variant.Name + ":",
                    ["Gateway:MessagesStream"] = variant.Name + ":messages",
                    ["Gateway:InteractionsStream"] = variant.Name + ":interactions",
                    ["Gateway:GuildsStream"] = variant.Name + ":guilds",
                };
                var (process, http) = GatewayRig.StartGateway(emulatorHttp.BaseAddress!, redisPort, settings, logShards: false, variant.Directory);
                var running = new RunningGateway(variant, process, http, []);
                gateways.Add(running);
                await GatewayRig.WaitAllReadyAsync(process, http, shards, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(250));
                gateways[^1] = running with { Connections = await ConnectionsByShardAsync(emulatorHttp, db, variant.Name + ":", shards) };
            }

            // The bare shards each in a process of their own, as the gateways are: one shard alone, and as many as a gateway has.
            bareOne = await BareShardsProcess.StartAsync(emulatorHttp.BaseAddress!, 1, bareCompression);
            bareAll = await BareShardsProcess.StartAsync(emulatorHttp.BaseAddress!, shards, bareCompression);

            // Whole rounds, then a pause: a fresh gateway process spent ~30 % of its CPU in the JIT (tier-1 and PGO
            // recompiles, in the background and late) through a warm-up of a fifth of a round and the first measured round.
            var warmup = Math.Max(2_000, perShard);
            Console.WriteLine($"== {shards} shards per gateway ({string.Join(", ", variants.Select(v => v.Name))}); firehose of {perShard:N0} events per shard ({total:N0} per round), {warmupRounds} warm-up round(s) of {warmup:N0} per shard; the bare shard on {bareCompression}");
            for (var round = 1; round <= warmupRounds; round++)
            {
                foreach (var gateway in gateways)
                {
                    Console.WriteLine($"WARM-UP gateway[{gateway.Variant.Name}] round={round} {await FirehoseRoundAsync(emulatorHttp, db, server, gateway, warmup, redisProcess, emulator)}");
                }

                // The bare shards get as many whole unmeasured rounds, as the firehose harness gives every contestant.
                await bareOne.RoundAsync(emulatorHttp, Recorded, total);
                await bareAll.RoundAsync(emulatorHttp, Recorded, perShard);

                // And paced ones: a full-speed read never waits for the socket, so the paced rounds' path (a receive completing
                // later, its continuation) was first compiled in the first measured paced round (123-199 methods, up to a fifth
                // of the lone shard's CPU in it). The gateways are warmed at a pace too when they are measured at one.
                await bareOne.RoundAsync(emulatorHttp, Recorded, PacedWarmupEvents, PacedWarmupPace);
                await bareAll.RoundAsync(emulatorHttp, Recorded, PacedWarmupEvents, PacedWarmupPace);
                if (fixedPaces.Count > 0)
                {
                    foreach (var gateway in gateways)
                    {
                        Console.WriteLine($"WARM-UP gateway[{gateway.Variant.Name}] at {PacedWarmupPace:N0}/s round={round} {await FirehoseRoundAsync(emulatorHttp, db, server, gateway, PacedWarmupEvents, redisProcess, emulator, PacedWarmupPace)}");
                    }
                }
            }

            // The harness's own /metrics scrapes (two a round) were most of what the gateway still compiled in measured rounds
            // (Kestrel, authentication and the exporter reach tier 1 only after ~60 calls): run them that often now, outside any
            // round, as a Prometheus scraping a long-running gateway would have.
            foreach (var gateway in gateways)
            {
                for (var scrape = 0; scrape < ScrapesToTierUp; scrape++)
                {
                    await PrometheusText.ScrapeAsync(gateway.Http);
                    await Task.Delay(5);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(3));

            // Each process's CPU with no firehose (heartbeats; the gateway's lease renewals, session refreshes, metrics): a cost
            // per second, not per event, that a slower pace spreads over fewer events.
            var idleFrom = (Gateways: gateways.Select(g => g.Process.Cpu).ToList(), One: bareOne.Cpu, All: bareAll.Cpu);
            await Task.Delay(IdleWindow);
            double IdleMsPerSecond(TimeSpan before, TimeSpan after) => (after - before).TotalMilliseconds / IdleWindow.TotalSeconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT idle CPU-ms per second over {IdleWindow.TotalSeconds:F0} s with no firehose: {string.Join(", ", gateways.Select((g, i) => $"gateway[{g.Variant.Name}] {IdleMsPerSecond(idleFrom.Gateways[i], g.Process.Cpu):F1}"))}, "
                + $"bare-shard {IdleMsPerSecond(idleFrom.One, bareOne.Cpu):F1}, bare-shards[{shards}] {IdleMsPerSecond(idleFrom.All, bareAll.Cpu):F1}"));

            var gatewayRounds = variants.ToDictionary(v => v.Name, _ => new List<GatewayRound>());
            var atGatewayPace = variants.ToDictionary(v => v.Name, v => new PaceComparison($"[{v.Name}]'s pace", shards, bareCompression.ToString()));
            var atFixedPace = fixedPaces.ToDictionary(
                pace => pace, pace => new PaceComparison(string.Create(CultureInfo.InvariantCulture, $"{pace:N0} events/s per connection"), shards, bareCompression.ToString()));
            List<double> barePerCpu = [];
            List<double> barePerWall = [];
            List<FirehoseResult> bareShards = [];
            List<CeilingRound> xadd = [];
            List<CeilingRound> script = [];
            for (var round = 1; round <= rounds; round++)
            {
                // Each round starts with the next variant: the second gateway of a round read 5–11 % cheaper than the first in
                // both orders of a before/after run (docs/benchmarks.md, eighth pass), so a fixed order favoured one build.
                var first = (round - 1) % gateways.Count;
                foreach (var gateway in gateways.Skip(first).Concat(gateways.Take(first)))
                {
                    var measured = await FirehoseRoundAsync(emulatorHttp, db, server, gateway, perShard, redisProcess, emulator);
                    gatewayRounds[gateway.Variant.Name].Add(measured);
                    atGatewayPace[gateway.Variant.Name].AddGateway(gateway.Variant.Name, measured.EventsPerSecond, measured.GatewayCpuPer100K);
                    Console.WriteLine($"RESULT gateway[{gateway.Variant.Name}] round={round} {measured}");
                }

                // The bare shards at each gateway's pace of this round: its events per connection over the time from the
                // emulator's answers (the firehose compressed and sending) to the last delivered mark.
                foreach (var (name, measured) in gatewayRounds.Select(g => (g.Key, g.Value[^1])))
                {
                    var pace = (int)Math.Round(perShard / measured.ReadSeconds);
                    await PacedBareRoundAsync(bareOne, bareAll, emulatorHttp, perShard, pace, atGatewayPace[name], $"[{name}]'s pace", round);
                }

                foreach (var (pace, comparison) in atFixedPace)
                {
                    foreach (var gateway in gateways)
                    {
                        var measured = await FirehoseRoundAsync(emulatorHttp, db, server, gateway, perShard, redisProcess, emulator, pace);
                        comparison.AddGateway(gateway.Variant.Name, measured.EventsPerSecond, measured.GatewayCpuPer100K);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT gateway[{gateway.Variant.Name}] at {pace:N0}/s round={round} {measured}"));
                    }

                    await PacedBareRoundAsync(bareOne, bareAll, emulatorHttp, perShard, pace, comparison, comparison.Label, round);
                }

                var (bare, bareMethods, bareJit) = await bareOne.RoundAsync(emulatorHttp, Recorded, total);
                barePerCpu.Add(bare.PerCpuSecond);
                barePerWall.Add(bare.PerWallSecond);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bare-shard round={round} {bare} jit-methods={bareMethods} jit-ms={bareJit:F0} (its process)"));
                var (sameShards, sameMethods, sameJit) = await bareAll.RoundAsync(emulatorHttp, Recorded, perShard);
                bareShards.Add(sameShards);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture, $"RESULT bare-shards[{shards}] round={round} {sameShards} jit-methods={sameMethods} jit-ms={sameJit:F0} (its process)"));

                var raw = await RedisCeiling.RawXaddAsync(redis, redisProcess, shards, total, BatchSize);
                xadd.Add(raw);
                Console.WriteLine($"RESULT raw-xadd round={round} {raw}");
                var routed = await RedisCeiling.RouterScriptAsync(redis, redisProcess, shards, total, BatchSize);
                script.Add(routed);
                Console.WriteLine($"RESULT router-script round={round} {routed}");
            }

            var light = await RedisCeiling.LightLoadAsync(redis, 3_000);
            Console.WriteLine($"RESULT light-load {light}");

            var x = xadd.OrderBy(r => r.EntriesPerSecond).ElementAt(rounds / 2);
            var s = script.OrderBy(r => r.EntriesPerSecond).ElementAt(rounds / 2);
            Console.WriteLine();
            Console.WriteLine($"| path ({total:N0} events per round, median of {rounds}) | events / s | stream entries / s | CPU-s per 100k events | Redis CPU-s per 100k entries |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, measured) in gatewayRounds)
            {
                Console.WriteLine(Row(
                    $"Cortex.Gateway [{name}], {shards} shards → Redis streams",
                    Median(measured.Select(r => r.EventsPerSecond)),
                    Median(measured.Select(r => r.EntriesPerSecond)),
                    Median(measured.Select(r => r.GatewayCpuPer100K)),
                    Median(measured.Select(r => r.RedisCpuPer100KEntries))));
            }

            Console.WriteLine(Row($"bare ShardConnection, 1 shard, no Redis, {bareCompression}", Median(barePerWall), double.NaN, 100_000 / Median(barePerCpu), double.NaN));
            Console.WriteLine(Row($"bare ShardConnections, {shards} shards in one process (as the gateway's), no Redis, {bareCompression}", Median(bareShards.Select(r => r.PerWallSecond)), double.NaN, 100_000 / Median(bareShards.Select(r => r.PerCpuSecond)), double.NaN));
            Console.WriteLine(Row($"raw XADD, pipelined {BatchSize} per batch, {shards} writers", double.NaN, x.EntriesPerSecond, x.ClientCpuPer100K, x.RedisCpuPer100K));
            Console.WriteLine(Row($"routing script (StreamRouter) direct, {BatchSize} per call, {shards} writers", double.NaN, s.EntriesPerSecond, s.ClientCpuPer100K, s.RedisCpuPer100K));
            foreach (var row in atGatewayPace.Values.SelectMany(c => c.Rows(withGateways: false)).Concat(atFixedPace.Values.SelectMany(c => c.Rows(withGateways: true))))
            {
                Console.WriteLine(row);
            }
            Console.WriteLine();
            foreach (var (name, measured) in gatewayRounds)
            {
                Console.WriteLine(Rounds($"gateway [{name}] rounds (events/s; CPU-s per 100k)", measured.Select(r => $"{r.EventsPerSecond:N0}; {r.GatewayCpuPer100K:F2}")));
            }

            Console.WriteLine(Rounds("bare shard rounds (events/CPU-s)", barePerCpu.Select(r => r.ToString("N0", CultureInfo.InvariantCulture))));
            Console.WriteLine(Rounds($"bare shards [{shards}] rounds (events/CPU-s)", bareShards.Select(r => r.PerCpuSecond.ToString("N0", CultureInfo.InvariantCulture))));
            foreach (var (name, measured) in gatewayRounds)
            {
                // Each round's gateway against the bare runs of the same round (1 shard; as many shards as the gateway).
                var one = measured.Select((r, i) => r.GatewayCpuPer100K * barePerCpu[i] / 100_000).ToList();
                var same = measured.Select((r, i) => r.GatewayCpuPer100K * bareShards[i].PerCpuSecond / 100_000).ToList();
                Console.WriteLine(Rounds($"gateway [{name}] ÷ bare, per round: 1 shard (median {Median(one):F2}×)", one.Select(r => r.ToString("F2", CultureInfo.InvariantCulture))));
                Console.WriteLine(Rounds($"gateway [{name}] ÷ bare, per round: {shards} shards (median {Median(same):F2}×)", same.Select(r => r.ToString("F2", CultureInfo.InvariantCulture))));
            }

            foreach (var line in atGatewayPace.Values.Concat(atFixedPace.Values).SelectMany(c => c.Ratios()))
            {
                Console.WriteLine(line);
            }

            Console.WriteLine(Rounds("raw XADD rounds (entries/s)", xadd.Select(r => r.EntriesPerSecond.ToString("N0", CultureInfo.InvariantCulture))));
            Console.WriteLine(Rounds("routing script rounds (entries/s)", script.Select(r => r.EntriesPerSecond.ToString("N0", CultureInfo.InvariantCulture))));
            return 0;
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.Process.DisposeAsync();
                gateway.Http.Dispose();
            }

            foreach (var bare in new[] { bareOne, bareAll })
            {
                if (bare is not null)
                {
                    await bare.DisposeAsync();
                }
            }
        }
    }

    // The bare shard decodes what the gateways decode: the transport every variant sets (Gateway__Compression), else the default.
    private static TransportCompression BareShardCompression(List<Variant> variants)
    {
        var set = variants
            .Select(v => v.Environment.Where(setting => setting.Key is "Gateway__Compression" or "Gateway:Compression").Select(setting => setting.Value).FirstOrDefault())
            .Distinct()
            .ToList();
        return set is [{ } one] ? Enum.Parse<TransportCompression>(one, ignoreCase: true) : new GatewayOptions().Compression;
    }

    // --fixed-pace=10000,25000: events per second per connection, each a comparison of its own.
    private static List<int> FixedPaces(string[] arguments)
    {
        var option = arguments.SingleOrDefault(a => a.StartsWith(FixedPaceOption, StringComparison.Ordinal));
        var unknown = arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != option).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s) {string.Join(", ", unknown)}; the one option is {FixedPaceOption}N[,N...].");
        }

        return option is null
            ? []
            : [.. option[FixedPaceOption.Length..].Split(',').Select(pace => int.TryParse(pace, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"'{pace}' in {option} is not a pace (events per second per connection, above 0)."))];
    }

    // One round of the bare shards (one; as many as the gateway) with every connection's firehose at the pace.
    private static async Task PacedBareRoundAsync(
        BareShardsProcess one, BareShardsProcess all, HttpClient emulator, int perShard, int pace, PaceComparison comparison, string label, int round)
    {
        var (oneAt, oneMethods, oneJit) = await one.RoundAsync(emulator, Recorded, perShard, pace);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bare-shard at {label} ({pace:N0}/s) round={round} {oneAt} jit-methods={oneMethods} jit-ms={oneJit:F0}"));
        var (allAt, allMethods, allJit) = await all.RoundAsync(emulator, Recorded, perShard, pace);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"RESULT bare-shards[{all.Shards}] at {label} ({pace:N0}/s) round={round} {allAt} jit-methods={allMethods} jit-ms={allJit:F0}"));
        comparison.AddBare(pace, oneAt, allAt);
    }

    private static string Rounds(string name, IEnumerable<string> values) => $"{name}: {string.Join(" / ", values)}";

    internal static string Row(string name, double perSecond, double entriesPerSecond, double cpu, double redisCpu) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {Format(perSecond, "N0")} | {Format(entriesPerSecond, "N0")} | {Format(cpu, "F2")} | {Format(redisCpu, "F2")} |");

    private static string Format(double value, string format) => double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

    internal static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);

    // The emulator's connection of each shard of one gateway: the one carrying the session that gateway saved in Redis.
    private static async Task<int[]> ConnectionsByShardAsync(HttpClient emulator, IDatabase db, string prefix, int shards)
    {
        var all = (await emulator.GetFromJsonAsync<JsonArray>("/control/gateway/connections"))!;
        var connections = new int[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            var stored = JsonNode.Parse((string)(await db.StringGetAsync($"{prefix}session:{{{shard}}}"))!)!;
            var session = stored["sessionId"]!.GetValue<string>();
            connections[shard] = all.Where(c => c!["session_id"]?.GetValue<string>() == session).Max(c => c!["id"]!.GetValue<int>());
        }

        return connections;
    }

    private static async Task<GatewayRound> FirehoseRoundAsync(
        HttpClient emulator, IDatabase db, IServer server, RunningGateway target, int perShard, BenchProcess redis, BenchProcess emulatorProcess, int? pace = null)
    {
        var (gateway, gatewayHttp, connections, prefix) = (target.Process, target.Http, target.Connections, target.Variant.Name + ":");
        var stream = (RedisKey)(prefix + "messages");
        var metricsBefore = await PrometheusText.ScrapeAsync(gatewayHttp);
        await server.ExecuteAsync("CONFIG", "RESETSTAT");
        var addedBefore = await EntriesAddedAsync(db, stream);
        var (gatewayCpu, redisCpu, emulatorCpu, gatewayKernel) = (gateway.Cpu, redis.Cpu, emulatorProcess.Cpu, gateway.Kernel);
        var clock = Stopwatch.StartNew();
        var firsts = await Task.WhenAll(connections.Select(async connection =>
        {
            using var response = await emulator.PostAsJsonAsync($"/control/gateway/connections/{connection}/firehose", new { count = perShard, events_per_second = pace });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["first_sequence"]!.GetValue<int>();
        }));
        var answered = clock.Elapsed.TotalSeconds;
        // Every event of the mix goes to a stream (MESSAGE_CREATE: messages, GUILD_CREATE: guilds), and each stream keeps the
        // shard's mark (delivered:{shard}, written by the same script as the entries): the round ends when, for every shard,
        // the higher of its two marks reaches the firehose's last sequence. (Waiting for the stored session instead timed the
        // shard's idle session refresh, up to 20 s after the last batch on the routing path that saves it one batch behind.)
        var markKeys = Enumerable.Range(0, connections.Length)
            .Select(shard => new[] { prefix + "messages", prefix + "guilds" }.Select(name => GatewayKeys.Delivered(name, shard)).ToArray())
            .ToArray();
        while (true)
        {
            var marks = await Task.WhenAll(markKeys.Select(async keys =>
                (await Task.WhenAll(keys.Select(key => db.HashGetAsync(key, "seq")))).Max(seq => seq.IsNull ? 0 : (long)seq)));
            if (marks.Select((mark, shard) => mark >= firsts[shard] + perShard - 1).All(done => done))
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10) || gateway.HasExited)
            {
                throw new TimeoutException($"The firehose round did not finish:\n{gateway.Tail()}");
            }

            await Task.Delay(5);
        }

        var wall = clock.Elapsed.TotalSeconds;
        var (gatewayCpuUsed, redisCpuUsed, emulatorCpuUsed) = ((gateway.Cpu - gatewayCpu).TotalSeconds, (redis.Cpu - redisCpu).TotalSeconds, (emulatorProcess.Cpu - emulatorCpu).TotalSeconds);
        var kernel = gateway.Kernel;
        var entries = await EntriesAddedAsync(db, stream) - addedBefore;
        var stats = await CommandStats.ReadAsync(server);

        // The last batch's metrics are recorded just after its script returns; the exporter caches scrapes briefly.
        await Task.Delay(1000);
        var metrics = PrometheusText.Delta(metricsBefore, await PrometheusText.ScrapeAsync(gatewayHttp));
        return new GatewayRound(perShard * connections.Length, entries, wall, gatewayCpuUsed, redisCpuUsed, emulatorCpuUsed, stats, metrics)
        {
            ReadSeconds = wall - answered,
            MinorFaults = kernel.MinorFaults - gatewayKernel.MinorFaults,
            SystemCpu = (kernel.SystemCpu - gatewayKernel.SystemCpu).TotalSeconds,
        };
    }

    private static async Task<long> EntriesAddedAsync(IDatabase db, RedisKey stream)
    {
        if (!await db.KeyExistsAsync(stream))
        {
            return 0;
        }

        var info = (RedisResult[])(await db.ExecuteAsync("XINFO", "STREAM", stream))!;
        for (var i = 0; i + 1 < info.Length; i += 2)
        {
            if ((string?)info[i] == "entries-added")
            {
                return (long)info[i + 1];
            }
        }

        throw new InvalidOperationException("XINFO STREAM has no entries-added (Redis 7 or newer is needed).");
    }

    private sealed record RunningGateway(Variant Variant, BenchProcess Process, HttpClient Http, int[] Connections);

    /// <summary>
    /// A gateway process's configuration under test: as built, with the thread pool's spin limit set, another build, and
    /// any of these with runtime settings after a <c>+</c> (<c>ws+DOTNET_gcServer=0</c>: workstation GC; the part before
    /// the first <c>+</c> names the variant and its keys, so it must differ between variants).
    /// </summary>
    private sealed record Variant(string Name, IReadOnlyDictionary<string, string> Environment, string? Directory = null)
    {
        public static Variant Parse(string text)
        {
            var parts = text.Split('+');
            var variant = ParseBase(parts[0]);
            var environment = new Dictionary<string, string>(variant.Environment);
            foreach (var setting in parts.Skip(1))
            {
                var equals = setting.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new ArgumentException($"'{setting}' in variant '{text}' is not NAME=VALUE.");
                }

                environment[setting[..equals]] = setting[(equals + 1)..];
            }

            return variant with { Environment = environment };
        }

        /// <summary>The runtime reads DOTNET_ settings as hexadecimal: "10" would mean 16 spins.</summary>
        private static string SpinLimitSetting(int spins) => "0x" + spins.ToString("X", CultureInfo.InvariantCulture);

        private static Variant ParseBase(string name) => name switch
        {
            // name@directory: the Cortex.Gateway.dll built in that directory (e.g. a copy of an earlier build).
            _ when name.Split('@') is [var label, var directory] => new(label, new Dictionary<string, string>(), directory),
            _ when name.StartsWith("spin", StringComparison.Ordinal) && int.TryParse(name[4..], CultureInfo.InvariantCulture, out var limit) =>
                new(name, new Dictionary<string, string> { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = SpinLimitSetting(limit) }),
            _ when name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') => new(name, new Dictionary<string, string>()),
            _ => throw new ArgumentException($"Unknown gateway variant '{name}': as-built, spin<N> (DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=N), name@directory or a name, each optionally +NAME=VALUE."),
        };
    }

    private sealed record GatewayRound(
        int Events, long Entries, double WallSeconds, double GatewayCpu, double RedisCpu, double EmulatorCpu, CommandStats Redis, IReadOnlyDictionary<string, double> Metrics)
    {
        public double EventsPerSecond => Events / WallSeconds;

        public double EntriesPerSecond => Entries / WallSeconds;

        public double GatewayCpuPer100K => GatewayCpu * 100_000 / Events;

        public double RedisCpuPer100KEntries => RedisCpu * 100_000 / Entries;

        /// <summary>The wall seconds from the emulator's answers (every firehose compressed and sending) to the last delivered mark.</summary>
        public double ReadSeconds { get; init; }

        /// <summary>The gateway's minor page faults in the round (Linux; 0 elsewhere).</summary>
        public long MinorFaults { get; init; }

        /// <summary>The gateway's system (kernel) CPU seconds in the round, part of <see cref="GatewayCpu"/>.</summary>
        public double SystemCpu { get; init; }

        public override string ToString()
        {
            var batches = Metric("cortex_gateway_route_batch_duration", "_count");
            var perEvent = (string name) => Metric(name, "_sum") * 1000 / Events;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"events={Events} entries={Entries} wall={WallSeconds:F2}s read={ReadSeconds:F2}s events/s={EventsPerSecond:N0} entries/s={EntriesPerSecond:N0} "
                + $"cpu-s/100k-events gateway={GatewayCpuPer100K:F2} redis={RedisCpu * 100_000 / Events:F2} emulator={EmulatorCpu * 100_000 / Events:F2} "
                + $"route-batches={batches:N0} mean-batch={Events / Math.Max(1, batches):F1} "
                + $"gateway-us/event decode={perEvent("cortex_gateway_decode_duration"):F2} cache={Metric("cortex_gateway_cache_write_duration", "_sum") * 1000 / Events:F2} "
                + $"route-round-trips(ms, summed over shards)={Metric("cortex_gateway_route_batch_duration", "_sum"):F0} "
                + $"alloc-bytes/event={Metric("dotnet_gc_heap_total_allocated", string.Empty) / Events:F0} minor-faults/event={(double)MinorFaults / Events:F3} "
                + $"kernel-share={SystemCpu / GatewayCpu:P0} jit-methods={Metric("dotnet_jit_compiled_methods", string.Empty):F0} "
                + $"jit-ms={Metric("dotnet_jit_compilation_time", string.Empty) * 1000:F0} "
                + $"| redis {Redis.Describe(Entries)}");
        }

        private double Metric(string prefix, string suffix) =>
            Metrics.Where(m => m.Key.StartsWith(prefix, StringComparison.Ordinal) && m.Key.EndsWith(suffix, StringComparison.Ordinal)).Sum(m => m.Value);
    }
}

/// <summary>INFO commandstats after CONFIG RESETSTAT: calls and microseconds per command (commands run by scripts included).</summary>
internal sealed record CommandStats(IReadOnlyDictionary<string, (long Calls, long Microseconds)> Commands)
{
    private static readonly string[] SessionAndDedupe = ["get", "hmget", "hset", "pexpire", "set"];

    public static async Task<CommandStats> ReadAsync(IServer server)
    {
        var text = (string)(await server.ExecuteAsync("INFO", "commandstats"))!;
        var commands = new Dictionary<string, (long, long)>();
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                continue;
            }

            var name = line[8..line.IndexOf(':', StringComparison.Ordinal)];
            var fields = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',')
                .Select(f => f.Split('='))
                .ToDictionary(f => f[0], f => f[1]);
            commands[name] = (long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture));
        }

        return new CommandStats(commands);
    }

    public (long Calls, long Microseconds) Of(string command) => Commands.GetValueOrDefault(command);

    /// <summary>Scripts, XADD, and the session/dedupe/lease commands the routing script runs, per 1,000 entries.</summary>
    public string Describe(long entries)
    {
        var scripts = (Of("evalsha").Calls + Of("eval").Calls, Of("evalsha").Microseconds + Of("eval").Microseconds);
        var xadd = Of("xadd");
        var session = Of("set");
        var bookkeeping = SessionAndDedupe.Select(Of).Aggregate((0L, 0L), (a, b) => (a.Item1 + b.Calls, a.Item2 + b.Microseconds));
        double Per1000(long value) => value * 1000.0 / Math.Max(1, entries);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"per 1,000 entries: scripts={Per1000(scripts.Item1):F1} ({Per1000(scripts.Item2):F0} us incl. everything inside) xadd={Per1000(xadd.Calls):F0} ({Per1000(xadd.Microseconds):F0} us) "
            + $"session SETs={Per1000(session.Calls):F1} ({Per1000(session.Microseconds):F1} us) lease+dedupe+session commands={Per1000(bookkeeping.Item1):F1} ({Per1000(bookkeeping.Item2):F1} us)");
    }
}

/// <summary>The gateway's /metrics (Prometheus text): sums over every label set, per series name.</summary>
internal static class PrometheusText
{
    public static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("cortex_gateway_", StringComparison.Ordinal) && !line.StartsWith("dotnet_gc_heap_total_allocated", StringComparison.Ordinal)
                && !line.StartsWith("dotnet_jit_", StringComparison.Ordinal))
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var valueStart = line.LastIndexOf('}') is var brace and >= 0 ? brace + 2 : nameEnd + 1;
            var valueText = line[valueStart..].Split(' ')[0];
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                var name = line[..nameEnd];
                values[name] = values.GetValueOrDefault(name) + value;
            }
        }

        return values;
    }

    public static Dictionary<string, double> Delta(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key), StringComparer.Ordinal);
}
