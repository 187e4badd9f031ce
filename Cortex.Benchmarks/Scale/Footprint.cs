using System.Globalization;

namespace Cortex.Benchmarks.Scale;

/// <summary>Memory of a set of processes: resident set and managed heap after the last GC, in bytes (summed or per unit).</summary>
internal sealed record Footprint(double Resident, double Heap)
{
    public static Footprint operator +(Footprint left, Footprint right) => new(left.Resident + right.Resident, left.Heap + right.Heap);

    public static Footprint operator -(Footprint left, Footprint right) => new(left.Resident - right.Resident, left.Heap - right.Heap);

    public static Footprint operator /(Footprint footprint, int count) => new(footprint.Resident / count, footprint.Heap / count);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"resident {Resident / (1024 * 1024):F1} MiB, managed heap {Heap / (1024 * 1024):F1} MiB");
}
