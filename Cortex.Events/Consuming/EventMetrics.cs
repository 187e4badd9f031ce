using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cortex.Events.Consuming;

/// <summary>
/// What the readers did, per stream and group (tags: a handful of names, never ids). Backlog (lag, pending, dead-letter
/// length) is measured where the streams are trimmed: <c>cortex.gateway.stream.*</c>.
/// </summary>
public sealed class EventMetrics
{
    public const string MeterName = "Cortex.Events";

    private readonly Counter<long> _handled;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _claimed;

    public EventMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _handled = meter.CreateCounter<long>("cortex.events.handled", "{event}", "Events a handler finished.");
        _duplicates = meter.CreateCounter<long>("cortex.events.duplicates", "{event}", "Redeliveries of an event the group had already handled, skipped.");
        _failed = meter.CreateCounter<long>("cortex.events.failed", "{event}", "Handler failures; the entry stays pending for a retry.");
        _deadLettered = meter.CreateCounter<long>("cortex.events.dead_lettered", "{event}", "Entries moved to the dead-letter stream after their last failed delivery (alert on any).");
        _claimed = meter.CreateCounter<long>("cortex.events.claimed", "{event}", "Entries a consumer presumed dead left pending, claimed by this one.");
    }

    public void Handled(string stream, string group) => _handled.Add(1, Tags(stream, group));

    public void Duplicate(string stream, string group) => _duplicates.Add(1, Tags(stream, group));

    public void Failed(string stream, string group) => _failed.Add(1, Tags(stream, group));

    public void DeadLettered(string stream, string group) => _deadLettered.Add(1, Tags(stream, group));

    public void Claimed(string stream, string group, int count) => _claimed.Add(count, Tags(stream, group));

    private static TagList Tags(string stream, string group) => new() { { "stream", stream }, { "group", group } };
}
