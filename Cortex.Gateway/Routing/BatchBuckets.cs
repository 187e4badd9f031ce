using System.Buffers;
using Cortex.Events.Streams;

namespace Cortex.Gateway.Routing;

/// <summary>
/// A batch's buckets (bucket = stream * partitions + partition): <see cref="Of"/>[i] is events[i]'s, and <see cref="Distinct"/>
/// the batch's buckets in order of first appearance, both in one rented array given back on <see cref="Dispose"/>.
/// </summary>
internal readonly ref struct BatchBuckets
{
    private readonly int[] _rented;

    public BatchBuckets(ReadOnlySpan<RoutedEvent> events, int partitions)
    {
        _rented = ArrayPool<int>.Shared.Rent(Math.Max(1, 2 * events.Length));
        var buckets = _rented.AsSpan(0, events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            buckets[i] = (events[i].Stream * partitions) + EventPartitions.Of(events[i].GuildId, partitions);
        }

        var distinct = _rented.AsSpan(events.Length, events.Length);
        var seen = new SeenBuckets(stackalloc bool[SeenBuckets.Size(buckets)]);
        var count = 0;
        foreach (var bucket in buckets)
        {
            if (seen.Add(bucket))
            {
                distinct[count++] = bucket;
            }
        }

        Of = buckets;
        Distinct = distinct[..count];
    }

    public ReadOnlySpan<int> Of { get; }

    public ReadOnlySpan<int> Distinct { get; }

    public void Dispose() => ArrayPool<int>.Shared.Return(_rented);
}
