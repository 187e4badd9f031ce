namespace Cortex.Gateway.Routing;

/// <summary>
/// Which buckets (stream * partitions + partition) of a batch were met already: one flag per bucket value, so a batch's distinct
/// buckets are found in one pass, where searching the events before each one was quadratic in the batch's length.
/// </summary>
internal readonly ref struct SeenBuckets
{
    private readonly Span<bool> _seen;

    /// <param name="seen">At least <see cref="Size"/> flags for the batch's buckets (cleared here).</param>
    public SeenBuckets(Span<bool> seen)
    {
        seen.Clear();
        _seen = seen;
    }

    /// <summary>The flags <paramref name="buckets"/> need: one past its largest value (at most 3 streams × 1,024 partitions).</summary>
    public static int Size(ReadOnlySpan<int> buckets) => buckets.IsEmpty ? 0 : Max(buckets) + 1;

    /// <summary>True the first time <paramref name="bucket"/> is added.</summary>
    public bool Add(int bucket)
    {
        if (_seen[bucket])
        {
            return false;
        }

        _seen[bucket] = true;
        return true;
    }

    private static int Max(ReadOnlySpan<int> buckets)
    {
        var max = 0;
        foreach (var bucket in buckets)
        {
            max = Math.Max(max, bucket);
        }

        return max;
    }
}
