using System.Globalization;
using System.Net.Http.Json;
using Cortex.Benchmarks.Gateway.Guilds;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// End-to-end events per CPU-second for one shard under the emulator's firehose, Cortex side by side with
/// @discordjs/ws at its best in the same run. Contestants: Cortex's <c>ShardConnection</c> alone (inflate and
/// envelope) and with the parse its consumers do (<see cref="ConsumerParse"/>), each on zlib-stream and on zstd-stream
/// (@discordjs/ws 2.0.4 has zstd only on Node ≥ 22.15, so its rows stay the same for both); @discordjs/ws with zlib-sync
/// and bufferutil (its documented fast path) and with its default (no transport compression), parsing every
/// payload in full as it always does. The emulator runs in its own process so no contestant pays for producing
/// events. One unmeasured round of every contestant first (JIT, connection pools), then interleaved rounds in a
/// rotating order; each contestant's own process CPU is measured over exactly the measured events, after a
/// warm-up of a fifth of them in the same connection. Medians and ratios are printed as a table.
/// <c>dotnet run -c Release --project Cortex.Benchmarks -- firehose [events] [rounds] [mix] [cortex]</c>
/// (mix: <c>recorded</c>, <c>guild-mid</c> or <c>guild-large</c>; a fifth argument <c>cortex</c> runs the Cortex rows only,
/// for profiling and before/after comparisons, without the peers or their npm project; <c>cortex-zlib</c> runs only its two
/// zlib-stream rows).
/// </summary>
public static class FirehoseHarness
{
    internal const string Token = "firehose.bot.token";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 1 && args[1] == "emulator")
        {
            await FirehoseEmulator.RunAsync(int.Parse(args[2], CultureInfo.InvariantCulture));
            return 0;
        }

        var mix = args.Length > 3 ? args[3] : "recorded";
        var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultEvents(mix);
        var rounds = Math.Max(5, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
        var warmup = Math.Max(1, events / 5);
        var cortexOnly = args.Length > 4 && args[4] is "cortex" or "cortex-zlib";
        var zlibOnly = args.Length > 4 && args[4] == "cortex-zlib";
        _ = BenchmarkMixes.Get(mix);
        if (!cortexOnly)
        {
            FirehosePeer.EnsureInstalled();
        }

        await using var emulator = await FirehoseEmulator.StartAsync();
        await emulator.Http.PostAsJsonAsync("/control/guilds", new { name = "firehose" });
        var contestants = FirehoseContestant.All(emulator, mix)
            .Where(c => (c.IsCortex || !cortexOnly) && !(zlibOnly && c.Name.Contains("zstd", StringComparison.Ordinal)))
            .ToList();
        var results = contestants.ToDictionary(c => c.Name, _ => new List<FirehoseResult>());
        Console.WriteLine($"firehose: mix {mix}, {events:N0} measured events after {warmup:N0} warm-up events per run, 1 unmeasured round + {rounds} rounds");
        foreach (var contestant in contestants)
        {
            Console.WriteLine($"warm-up round: {contestant.Name}: {await contestant.RunAsync(events, warmup)} (discarded)");
        }

        for (var round = 0; round < rounds; round++)
        {
            // Rotate who goes first, so a drift in the machine's load does not always favour the same one.
            for (var i = 0; i < contestants.Count; i++)
            {
                var contestant = contestants[(round + i) % contestants.Count];
                var result = await contestant.RunAsync(events, warmup);
                results[contestant.Name].Add(result);
                Console.WriteLine($"round {round + 1}: {contestant.Name}: {result}");
            }
        }

        FirehoseTable.Print(mix, events, rounds, contestants, results);
        return 0;
    }

    private static int DefaultEvents(string mix) => mix switch
    {
        "guild-mid" => 5_000,
        "guild-large" => 500,
        _ => 100_000,
    };
}
