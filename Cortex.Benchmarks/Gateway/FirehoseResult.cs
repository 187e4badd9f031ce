using System.Globalization;

namespace Cortex.Benchmarks.Gateway;

/// <summary>One measured run of a firehose client: events, its process's CPU seconds and the wall seconds they took.</summary>
internal sealed record FirehoseResult(int Events, double CpuSeconds, double WallSeconds)
{
    public double PerCpuSecond => Events / CpuSeconds;

    public double PerWallSecond => Events / WallSeconds;

    public double CpuMicrosecondsPerEvent => CpuSeconds * 1e6 / Events;

    public static FirehoseResult Median(IReadOnlyList<FirehoseResult> results) =>
        results.OrderBy(r => r.PerCpuSecond).ElementAt(results.Count / 2);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PerCpuSecond:N0} events/CPU-s, {PerWallSecond:N0} events/s, {CpuSeconds:F2} CPU-s");
}
