using System.Diagnostics;
using System.Globalization;

namespace Cortex.Benchmarks.Economy;

/// <summary>Times an operation repeatedly and reports percentiles (BenchmarkDotNet reports no P99).</summary>
internal static class LatencyRecorder
{
    public static async Task<Percentiles> MeasureAsync(Func<Task> operation, TimeSpan duration, int warmup = 200, Func<Task>? beforeEach = null)
    {
        for (var i = 0; i < warmup; i++)
        {
            if (beforeEach is not null)
            {
                await beforeEach();
            }

            await operation();
        }

        var samples = new List<double>(100_000);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (beforeEach is not null)
            {
                await beforeEach();
            }

            var started = Stopwatch.GetTimestamp();
            await operation();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Percentiles.From(samples);
    }
}

internal sealed record Percentiles(int Count, double P50, double P99, double Mean)
{
    public static Percentiles From(List<double> samples)
    {
        samples.Sort();
        return new Percentiles(samples.Count, At(samples, 0.50), At(samples, 0.99), samples.Average());
    }

    private static double At(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"n={Count} p50={P50:0.000} ms p99={P99:0.000} ms mean={Mean:0.000} ms");
}
