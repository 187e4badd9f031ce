namespace Cortex.Benchmarks.Soak;

/// <summary>Work done so far in a soak, read by the sampler while the workers add to it.</summary>
internal sealed class SoakCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public long Increment() => Interlocked.Increment(ref _value);

    public void Set(long value) => Interlocked.Exchange(ref _value, value);
}
