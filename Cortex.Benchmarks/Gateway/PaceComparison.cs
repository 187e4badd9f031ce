using System.Globalization;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// The gateway against the bare shards at one pace per connection, round by round: at full speed the bare shards read what
/// queued on their sockets without waiting while the gateway went at the pace Redis allowed, so part of that ratio may be
/// pace, not work. Here each round's bare runs (one shard; as many as the gateway has) get their firehose at the same pace
/// on every connection: the gateway's own of that round, or a fixed one that the gateways got as well.
/// </summary>
internal sealed class PaceComparison(string label, int shards, string bareCompression)
{
    private readonly List<double> _paces = [];
    private readonly Dictionary<string, List<(double EventsPerSecond, double CpuPer100K)>> _gateways = new(StringComparer.Ordinal);
    private readonly List<FirehoseResult> _one = [];
    private readonly List<FirehoseResult> _all = [];

    /// <summary>How the pace was chosen, as the rows print it ("the gateway's pace", "10,000 events/s per connection").</summary>
    public string Label { get; } = label;

    public void AddGateway(string variant, double eventsPerSecond, double cpuPer100K)
    {
        if (!_gateways.TryGetValue(variant, out var rounds))
        {
            _gateways[variant] = rounds = [];
        }

        rounds.Add((eventsPerSecond, cpuPer100K));
    }

    public void AddBare(double pace, FirehoseResult one, FirehoseResult all)
    {
        _paces.Add(pace);
        _one.Add(one);
        _all.Add(all);
    }

    /// <summary>The table's rows: the gateways' when they were paced too, then the bare shards'.</summary>
    public IEnumerable<string> Rows(bool withGateways)
    {
        if (withGateways)
        {
            foreach (var (name, rounds) in _gateways)
            {
                yield return GatewayThroughputHarness.Row(
                    $"Cortex.Gateway [{name}], {shards} shards → Redis streams, at {Label}",
                    GatewayThroughputHarness.Median(rounds.Select(r => r.EventsPerSecond)),
                    double.NaN,
                    GatewayThroughputHarness.Median(rounds.Select(r => r.CpuPer100K)),
                    double.NaN);
            }
        }

        yield return GatewayThroughputHarness.Row(
            $"bare ShardConnection, 1 shard, no Redis, {bareCompression}, at {Label}", Median(_one, r => r.PerWallSecond), double.NaN, 100_000 / Median(_one, r => r.PerCpuSecond), double.NaN);
        yield return GatewayThroughputHarness.Row(
            $"bare ShardConnections, {shards} shards in one process, no Redis, {bareCompression}, at {Label}",
            Median(_all, r => r.PerWallSecond),
            double.NaN,
            100_000 / Median(_all, r => r.PerCpuSecond),
            double.NaN);
    }

    /// <summary>The paces, the bare runs' CPU per round, and each gateway ÷ bare per round with its median.</summary>
    public IEnumerable<string> Ratios()
    {
        yield return Line($"paces at {Label} (events/s per connection)", _paces.Select(p => p.ToString("N0", CultureInfo.InvariantCulture)));
        yield return Line($"bare shard rounds at {Label} (events/CPU-s)", _one.Select(r => r.PerCpuSecond.ToString("N0", CultureInfo.InvariantCulture)));
        yield return Line($"bare shards [{shards}] rounds at {Label} (events/CPU-s)", _all.Select(r => r.PerCpuSecond.ToString("N0", CultureInfo.InvariantCulture)));
        foreach (var (name, rounds) in _gateways)
        {
            var one = rounds.Select((r, i) => r.CpuPer100K * _one[i].PerCpuSecond / 100_000).ToList();
            var all = rounds.Select((r, i) => r.CpuPer100K * _all[i].PerCpuSecond / 100_000).ToList();
            yield return Line($"gateway [{name}] ÷ bare at {Label}, per round: 1 shard (median {GatewayThroughputHarness.Median(one):F2}×)", one.Select(Ratio));
            yield return Line($"gateway [{name}] ÷ bare at {Label}, per round: {shards} shards (median {GatewayThroughputHarness.Median(all):F2}×)", all.Select(Ratio));
        }
    }

    private static double Median(List<FirehoseResult> results, Func<FirehoseResult, double> value) => GatewayThroughputHarness.Median(results.Select(value));

    private static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Line(string name, IEnumerable<string> values) => string.Create(CultureInfo.InvariantCulture, $"{name}: {string.Join(" / ", values)}");
}
