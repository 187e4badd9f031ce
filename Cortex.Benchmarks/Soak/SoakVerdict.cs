using System.Globalization;

namespace Cortex.Benchmarks.Soak;

/// <summary>
/// Prints a soak's samples as a table and judges each series on its warm half (the second half of
/// the samples, after start-up, JIT and pools have settled): a least-squares slope, and "flat" when
/// that slope projected over the warm half grows the series by less than 5 % of its mean or 4 MiB.
/// </summary>
internal static class SoakVerdict
{
    private const double Tolerance = 0.05;
    private const double FloorBytes = 4 * 1024 * 1024;

    public static bool Print(string title, IReadOnlyList<MemorySample> samples)
    {
        Console.WriteLine($"## {title}");
        Console.WriteLine("| t (s) | done | GC heap (MiB) | working set (MiB) | Redis used (MiB) | GC committed (MiB) | threads |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.At.TotalSeconds:F0} | {s.Done:N0} | {MiB(s.GcHeapBytes):F1} | {MiB(s.WorkingSetBytes):F1} | {MiB(s.RedisUsedBytes):F1} | {MiB(s.GcCommittedBytes):F1} | {s.Threads} |"));
        }

        var warm = samples.Skip(samples.Count / 2).ToList();
        var flat = true;
        foreach (var (name, read) in new (string, Func<MemorySample, long>)[]
        {
            ("GC heap", s => s.GcHeapBytes), ("working set", s => s.WorkingSetBytes), ("Redis used", s => s.RedisUsedBytes),
        })
        {
            var (verdict, slope) = Judge(warm, read);
            flat &= verdict;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT soak {title} {name}: slope {slope / 1024:F1} KiB/s over the warm half ({warm.Count} samples): {(verdict ? "flat" : "NOT FLAT")}"));
        }

        return flat;
    }

    /// <summary>Whether the warm half is flat, and its slope in bytes per second.</summary>
    public static (bool Flat, double SlopeBytesPerSecond) Judge(IReadOnlyList<MemorySample> warm, Func<MemorySample, long> read)
    {
        if (warm.Count < 3)
        {
            return (false, double.NaN); // too few samples to call anything flat
        }

        var xs = warm.Select(s => s.At.TotalSeconds).ToArray();
        var ys = warm.Select(s => (double)read(s)).ToArray();
        var (meanX, meanY) = (xs.Average(), ys.Average());
        var covariance = xs.Zip(ys, (x, y) => (x - meanX) * (y - meanY)).Sum();
        var variance = xs.Sum(x => (x - meanX) * (x - meanX));
        var slope = variance == 0 ? 0 : covariance / variance;
        var growth = slope * (xs[^1] - xs[0]);
        return (growth < Math.Max(Tolerance * meanY, FloorBytes), slope);
    }

    private static double MiB(long bytes) => bytes / 1024.0 / 1024.0;
}
