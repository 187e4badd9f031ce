using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// Start-up of the real Cortex.Gateway (shard manager, Redis identify gate, Cortex.Discord shards) against
/// Cortex.Emulator, which enforces Discord's identify rule (one IDENTIFY per <c>shard_id % max_concurrency</c>
/// bucket per 5 s; a faster one gets op 9 and is logged as throttled). For each max_concurrency, each run
/// gets a fresh emulator and an empty Redis, then times the gateway process from its start until GET /shards
/// reports every shard Ready, and splits that time with both services' own timestamps: process start →
/// plan → first IDENTIFY accepted → last IDENTIFY accepted → last shard ready. Discord's floor for the
/// identify phase is (ceil(shards / max_concurrency) − 1) × the identify interval (the seed's 5.5 s).
/// <c>dotnet run -c Release --project Cortex.Benchmarks -- gateway-startup [runs] [shards] [concurrencies]</c>.
/// </summary>
public static partial class GatewayStartupHarness
{
    private static readonly TimeSpan IdentifyInterval = TimeSpan.FromMilliseconds(5500);

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var shards = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var concurrencies = (args.Length > 3 ? args[3] : "16,1").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();

        var (redisProcess, redis, redisPort) = await GatewayRig.StartRedisAsync();
        await using var redisOwner = redisProcess;
        using var redisConnection = redis;
        var summary = new List<string>();
        foreach (var maxConcurrency in concurrencies)
        {
            var results = new List<StartupResult>();
            for (var run = 1; run <= runs; run++)
            {
                await redis.GetServer(redis.GetEndPoints()[0]).FlushAllDatabasesAsync();
                var result = await RunOnceAsync(redisPort, shards, maxConcurrency);
                results.Add(result);
                Console.WriteLine($"RESULT startup max_concurrency={maxConcurrency} run={run} {result}");
            }

            var floor = Floor(shards, maxConcurrency).TotalSeconds;
            summary.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"| {maxConcurrency} | {Median(results, r => r.AllReady):F2} s | {floor:F1} s | {Median(results, r => r.AllReady - r.FirstIdentify):F2} s | {Median(results, r => r.AllReady - r.FirstIdentify - floor):F2} s | {Median(results, r => r.Plan):F2} s | {Median(results, r => r.FirstIdentify - r.Plan):F2} s | {results.Sum(r => r.Throttled)} | {string.Join(" / ", results.Select(r => r.AllReady.ToString("F2", CultureInfo.InvariantCulture)))} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"| max_concurrency ({shards} shards, median of {runs}) | process start → all Ready | Discord's floor for the identify phase | first IDENTIFY → all Ready | over the floor | process start → plan | plan → first IDENTIFY | throttled IDENTIFYs | runs (start → all Ready) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var line in summary)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    private static async Task<StartupResult> RunOnceAsync(int redisPort, int shards, int maxConcurrency)
    {
        var (emulator, emulatorHttp) = await GatewayRig.StartEmulatorAsync(
            new Dictionary<string, string>
            {
                ["Emulator:Gateway:MaxConcurrency"] = maxConcurrency.ToString(CultureInfo.InvariantCulture),
                ["Emulator:Gateway:RecommendedShards"] = shards.ToString(CultureInfo.InvariantCulture),
            },
            logIdentifies: true);
        await using var emulatorOwner = emulator;
        using var emulatorHttpOwner = emulatorHttp;

        // Shard count and max_concurrency come from GET /gateway/bot, as in production; every timing is the seed's.
        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var (gateway, gatewayHttp) = GatewayRig.StartGateway(emulatorHttp.BaseAddress!, redisPort, new Dictionary<string, string>(), logShards: true);
        await using var gatewayOwner = gateway;
        using var gatewayHttpOwner = gatewayHttp;
        var view = await GatewayRig.WaitAllReadyAsync(gateway, gatewayHttp, shards, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(100));
        var polled = clock.Elapsed.TotalSeconds;
        await Task.Delay(500); // the last log lines reach the pipes

        var identified = GatewayRig.Logged(emulator, IdentifiedPattern(), startedAt);
        var throttled = GatewayRig.Logged(emulator, ThrottledPattern(), startedAt).Count;
        var ready = GatewayRig.Logged(gateway, ReadyPattern(), startedAt);
        var plan = GatewayRig.Logged(gateway, PlanPattern(), startedAt);
        var leases = GatewayRig.Logged(gateway, LeasePattern(), startedAt);
        var logs = Path.Combine(Path.GetTempPath(), "cortex-gateway-bench");
        Directory.CreateDirectory(logs);
        var name = string.Create(CultureInfo.InvariantCulture, $"startup-mc{maxConcurrency}-{startedAt:HHmmss}");
        await File.WriteAllLinesAsync(Path.Combine(logs, name + "-gateway.log"), gateway.Lines);
        await File.WriteAllLinesAsync(Path.Combine(logs, name + "-emulator.log"), emulator.Lines);
        var identifiesReported = view["shards"]!.AsArray().Sum(s => s!["identifies"]?.GetValue<int>() ?? 0);
        if (identified.Count != shards || ready.Count < shards || plan.Count == 0)
        {
            throw new InvalidOperationException(
                $"Expected {shards} identifies and ready shards in the logs, saw {identified.Count} and {ready.Count}:\n{emulator.Tail()}\n{gateway.Tail()}");
        }

        double Since(DateTime at) => (at - startedAt).TotalSeconds;
        var first = identified.Min(i => i.At);
        var last = identified.Max(i => i.At);
        var lastReady = ready.Max(r => r.At);
        return new StartupResult(
            Since(lastReady),
            polled,
            Since(plan[0].At),
            leases.Count == 0 ? double.NaN : Since(leases.Min(l => l.At)),
            Since(first),
            (last - first).TotalSeconds,
            (lastReady - last).TotalSeconds,
            throttled,
            identifiesReported);
    }

    private static TimeSpan Floor(int shards, int maxConcurrency) => IdentifyInterval * (((shards + maxConcurrency - 1) / maxConcurrency) - 1);

    private static double Median(List<StartupResult> results, Func<StartupResult, double> value) =>
        results.Select(value).Order().ElementAt(results.Count / 2);

    [GeneratedRegex(@"identified: session \S+, shard \[(\d+), \d+\]")]
    private static partial Regex IdentifiedPattern();

    [GeneratedRegex(@"identify of shard (\d+) throttled")]
    private static partial Regex ThrottledPattern();

    [GeneratedRegex(@"Shard (\d+) ready: session")]
    private static partial Regex ReadyPattern();

    [GeneratedRegex(@"Acquired the lease of shard (\d+)")]
    private static partial Regex LeasePattern();

    [GeneratedRegex(@"Plan: (\d+) shards")]
    private static partial Regex PlanPattern();

    /// <summary>Seconds from the gateway process's start, and the phases between.</summary>
    private sealed record StartupResult(
        double AllReady,
        double AllReadyPolled,
        double Plan,
        double FirstLease,
        double FirstIdentify,
        double IdentifySpan,
        double ReadyAfterLastIdentify,
        int Throttled,
        int IdentifiesReported)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"all_ready={AllReady:F3}s (polled {AllReadyPolled:F3}s) plan={Plan:F3}s first_lease={FirstLease:F3}s first_identify={FirstIdentify:F3}s first_to_last_identify={IdentifySpan:F3}s last_identify_to_all_ready={ReadyAfterLastIdentify:F3}s throttled={Throttled} identifies={IdentifiesReported}");
    }
}
