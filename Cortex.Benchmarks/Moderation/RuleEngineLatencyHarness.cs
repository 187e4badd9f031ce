using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cortex.Benchmarks.Moderation;

/// <summary>
/// Per-message latency (P50, P99) of stage 1 and its equal-detection peers on the real word lists, which
/// BenchmarkDotNet's per-batch statistics cannot give. Refuses to time anything unless every contestant flags exactly
/// the same messages. Two seconds of unmeasured passes of every contestant first (tiered JIT, regex construction), then interleaved rounds
/// in a rotating order, every message timed on its own; the table gives the median over rounds of each round's P50
/// and P99. <c>dotnet run -c Release --project Cortex.Benchmarks -- moderation-latency [rounds]</c>
/// </summary>
public static class RuleEngineLatencyHarness
{
    public static int Run(string[] args)
    {
        var rounds = Math.Max(5, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9);
        var messages = ModerationCorpus.Messages;
        var cortex = ModerationCorpus.Cortex();
        var compiled = new RegexPeer(ModerationCorpus.Terms, RegexOptions.Compiled);
        var automaton = new RegexPeer(ModerationCorpus.Terms, RegexOptions.NonBacktracking);
        (string Name, Func<string, bool> Flags)[] contestants =
        [
            ("Cortex stage 1 (span normalizer + trie + invite + mentions)", m => cortex.Evaluate(m) is not null),
            (compiled.Name, compiled.Flags),
            (automaton.Name, automaton.Flags),
        ];

        Console.WriteLine($"terms: {ModerationCorpus.Terms.Count:N0} (badwords-list, french-badwords-list, naughty-words {string.Join('/', WordLists.NaughtyWordsLanguages)}); messages: {messages.Count:N0}; rounds: {rounds}");
        if (!SameFlags(messages, contestants))
        {
            return 1;
        }

        // Warm-up, alike for all: passes for two seconds each, so tiered JIT has promoted Cortex's methods as the
        // compiled regexes (emitted straight to optimized code) already are.
        foreach (var (_, flags) in contestants)
        {
            var warming = Stopwatch.StartNew();
            while (warming.Elapsed < TimeSpan.FromSeconds(2))
            {
                Measure(messages, flags);
            }
        }

        var p50 = contestants.ToDictionary(c => c.Name, _ => new List<double>());
        var p99 = contestants.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < contestants.Length; i++)
            {
                var (name, flags) = contestants[(round + i) % contestants.Length];
                var times = Measure(messages, flags);
                p50[name].Add(Percentile(times, 50));
                p99[name].Add(Percentile(times, 99));
            }
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        Console.WriteLine($"\nmedians of {rounds} interleaved rounds, {messages.Count:N0} messages each; load average (1 min) at the end {load}\n");
        Console.WriteLine("| engine | P50 µs | P99 µs | P50 / Cortex | P99 / Cortex | rounds P50 | rounds P99 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---|");
        var (cortexP50, cortexP99) = (Median(p50[contestants[0].Name]), Median(p99[contestants[0].Name]));
        foreach (var (name, _) in contestants)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(p50[name]):F2} | {Median(p99[name]):F2} | {Median(p50[name]) / cortexP50:F2} | {Median(p99[name]) / cortexP99:F2} | {Join(p50[name])} | {Join(p99[name])} |"));
        }

        return 0;
    }

    private static bool SameFlags(IReadOnlyList<string> messages, (string Name, Func<string, bool> Flags)[] contestants)
    {
        var flagged = contestants.Select(c => messages.Select(c.Flags).ToArray()).ToArray();
        var differing = Enumerable.Range(0, messages.Count).Where(i => flagged.Any(f => f[i] != flagged[0][i])).ToList();
        foreach (var (contestant, flags) in contestants.Zip(flagged))
        {
            Console.WriteLine($"{contestant.Name}: flags {flags.Count(f => f):N0} of {messages.Count:N0}");
        }

        foreach (var i in differing.Take(20))
        {
            Console.WriteLine($"DISAGREE [{string.Join(", ", flagged.Select(f => f[i] ? "flag" : "pass"))}]: {messages[i]}");
        }

        return differing.Count == 0;
    }

    private static double[] Measure(IReadOnlyList<string> messages, Func<string, bool> flags)
    {
        var times = new double[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            flags(messages[i]);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static double Percentile(double[] sorted, int percentile) => sorted[(int)Math.Min(sorted.Length - 1, sorted.Length * percentile / 100.0)];

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Join(List<double> values) => string.Join(" / ", values.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));
}
