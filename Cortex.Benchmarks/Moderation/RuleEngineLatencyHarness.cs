using System.Diagnostics;

namespace Cortex.Benchmarks.Moderation;

/// <summary>
/// Per-message latency percentiles (P50, P99) for stage 1, which BenchmarkDotNet's per-batch
/// statistics cannot give: every message of the corpus timed on its own, both engines in one run.
/// <c>dotnet run -c Release --project Cortex.Benchmarks -- moderation-latency</c>
/// </summary>
public static class RuleEngineLatencyHarness
{
    public static void Run()
    {
        var cortex = ModerationCorpus.Cortex();
        var naive = ModerationCorpus.NaiveRegexLoop();
        var messages = ModerationCorpus.Messages;

        var cortexTimes = Measure(messages, m => cortex.Evaluate(m) is not null);
        var naiveTimes = Measure(messages, naive);

        Console.WriteLine($"messages: {messages.Count} x 25 rounds, terms: {ModerationCorpus.TermCount}");
        Console.WriteLine($"{"engine",-28} {"P50 µs",10} {"P99 µs",10}");
        Report("Cortex stage 1", cortexTimes);
        Report("regex per term (naive)", naiveTimes);
        Console.WriteLine($"P50 ratio naive/Cortex: {Percentile(naiveTimes, 50) / Percentile(cortexTimes, 50):F1}x");
    }

    private static double[] Measure(IReadOnlyList<string> messages, Func<string, bool> evaluate)
    {
        foreach (var message in messages)
        {
            evaluate(message); // warm up JIT and caches
        }

        var times = new List<double>();
        for (var round = 0; round < 25; round++)
        {
            foreach (var message in messages)
            {
                var started = Stopwatch.GetTimestamp();
                evaluate(message);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        return [.. times.Order()];
    }

    private static double Percentile(double[] sorted, int percentile) => sorted[(int)Math.Min(sorted.Length - 1, sorted.Length * percentile / 100.0)];

    private static void Report(string name, double[] sorted) =>
        Console.WriteLine($"{name,-28} {Percentile(sorted, 50),10:F2} {Percentile(sorted, 99),10:F2}");
}
