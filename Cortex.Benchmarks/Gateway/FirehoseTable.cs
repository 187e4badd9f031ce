using System.Globalization;
using System.Text;

namespace Cortex.Benchmarks.Gateway;

/// <summary>The firehose benchmark's result table: each contestant's medians, its configuration, its rounds, and Cortex's ratio to each peer.</summary>
internal static class FirehoseTable
{
    public static void Print(string mix, int events, int rounds, IReadOnlyList<FirehoseContestant> contestants, Dictionary<string, List<FirehoseResult>> results)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"\nmix {mix}, {events:N0} events per run, medians of {rounds} interleaved rounds, load average (1 min) at the end {load}\n");
        table.AppendLine("| client | configuration | events / CPU-second | CPU µs / event | events / wall-second | rounds (events / CPU-s) |");
        table.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var contestant in contestants)
        {
            var median = FirehoseResult.Median(results[contestant.Name]);
            var all = string.Join(" / ", results[contestant.Name].Select(r => r.PerCpuSecond.ToString("N0", CultureInfo.InvariantCulture)));
            table.AppendLine(CultureInfo.InvariantCulture, $"| {contestant.Name} | {contestant.Configuration} | {median.PerCpuSecond:N0} | {median.CpuMicrosecondsPerEvent:F1} | {median.PerWallSecond:N0} | {all} |");
        }

        if (!contestants.Any(c => !c.IsCortex))
        {
            Console.Write(table.ToString());
            return;
        }

        table.AppendLine();
        table.AppendLine("| ratio, events per CPU-second (median of per-round ratios) | " + string.Join(" | ", contestants.Where(c => !c.IsCortex).Select(c => c.Name)) + " |");
        table.AppendLine("|---|" + string.Concat(contestants.Where(c => !c.IsCortex).Select(_ => "---:|")));
        foreach (var cortex in contestants.Where(c => c.IsCortex))
        {
            var ratios = contestants.Where(c => !c.IsCortex).Select(peer => MedianRatio(results[cortex.Name], results[peer.Name]));
            table.AppendLine($"| {cortex.Name} | " + string.Join(" | ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture) + "×")) + " |");
        }

        Console.Write(table.ToString());
    }

    // Per-round ratios pair each Cortex run with the peer's run of the same round (same minutes of the machine).
    private static double MedianRatio(List<FirehoseResult> cortex, List<FirehoseResult> peer)
    {
        var ratios = cortex.Zip(peer, (c, p) => c.PerCpuSecond / p.PerCpuSecond).Order().ToList();
        return ratios[ratios.Count / 2];
    }
}
