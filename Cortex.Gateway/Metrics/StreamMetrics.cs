using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cortex.Gateway.Routing;

namespace Cortex.Gateway.Metrics;

/// <summary>
/// The event streams as the trimmer last saw them: length, per-group pending and lag, dead letters,
/// and what trimming removed. <c>cortex.gateway.stream.dropped_unread</c> above zero is the alert:
/// a stream passed its hard cap and lost entries a consumer had not processed.
/// Tags are the stream and group names (a handful), never ids.
/// </summary>
internal sealed class StreamMetrics
{
    // One entry per stream (two): bounded.
    private readonly ConcurrentDictionary<string, (StreamTrimReport Report, long DeadLetters)> _latest = new(StringComparer.Ordinal);
    private readonly Counter<long> _trimmed;
    private readonly Counter<long> _droppedUnread;
    private readonly Counter<long> _deadDropped;

    public StreamMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMetrics.MeterName);
        _trimmed = meter.CreateCounter<long>("cortex.gateway.stream.trimmed", "{entry}", "Entries every consumer group had acknowledged, trimmed.");
        _droppedUnread = meter.CreateCounter<long>("cortex.gateway.stream.dropped_unread", "{entry}", "Entries a consumer group still needed, dropped because the stream passed its hard cap (alert on any).");
        _deadDropped = meter.CreateCounter<long>("cortex.gateway.stream.dead_letters.dropped", "{entry}", "Oldest dead letters dropped to keep the dead-letter stream under its cap.");
        meter.CreateObservableGauge("cortex.gateway.stream.length", () => _latest.Select(p => new Measurement<long>(p.Value.Report.Length, Tag("stream", p.Key))), "{entry}", "Entries in the stream.");
        meter.CreateObservableGauge("cortex.gateway.stream.dead_letters", () => _latest.Select(p => new Measurement<long>(p.Value.DeadLetters, Tag("stream", p.Key))), "{entry}", "Entries in the stream's dead-letter stream.");
        meter.CreateObservableGauge("cortex.gateway.stream.pending", () => Groups(group => group.Pending), "{entry}", "Entries delivered to a consumer group and not yet acknowledged.");
        meter.CreateObservableGauge("cortex.gateway.stream.lag", () => Groups(group => group.Lag), "{entry}", "Entries not yet delivered to a consumer group.");
    }

    public void Observe(StreamTrimReport report, long deadLetters, long deadDropped)
    {
        ArgumentNullException.ThrowIfNull(report);
        _latest[report.Stream] = (report, deadLetters);
        var stream = Tag("stream", report.Stream);
        _trimmed.Add(report.Trimmed, stream);
        _droppedUnread.Add(report.DroppedUnread, stream);
        _deadDropped.Add(deadDropped, stream);
    }

    private IEnumerable<Measurement<long>> Groups(Func<GroupState, long> value) =>
        _latest.SelectMany(p => p.Value.Report.Groups.Select(group =>
            new Measurement<long>(value(group), Tag("stream", p.Key), Tag("group", group.Name))));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
