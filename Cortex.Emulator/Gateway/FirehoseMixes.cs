namespace Cortex.Emulator.Gateway;

/// <summary>
/// The event mixes a firehose can cycle through, by name: <c>recorded</c> (<see cref="RecordedEventMix"/>) and <c>spread</c> always,
/// and whatever a host adds (the benchmarks add guilds of realistic sizes) before the app starts.
/// </summary>
public sealed class FirehoseMixes
{
    /// <summary>The mix a firehose request without a name gets.</summary>
    public const string Recorded = "recorded";

    /// <summary>The recorded messages over many guilds (<see cref="SpreadEventMix"/>).</summary>
    public const string Spread = "spread";

    private readonly Dictionary<string, IReadOnlyList<(string EventName, byte[] Data)>> _mixes = new(StringComparer.Ordinal);

    public FirehoseMixes()
    {
        _mixes[Recorded] = RecordedEventMix.All;
        _mixes[Spread] = SpreadEventMix.All;
    }

    public IEnumerable<string> Names => _mixes.Keys;

    /// <summary>Adds (or replaces) a named mix; events are dispatched in the order given, cycling.</summary>
    public FirehoseMixes Add(string name, IReadOnlyList<(string EventName, byte[] Data)> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfZero(events.Count);
        _mixes[name] = events;
        return this;
    }

    public IReadOnlyList<(string EventName, byte[] Data)>? Find(string? name) => _mixes.GetValueOrDefault(name ?? Recorded);
}
