using Cortex.Economy;

namespace Cortex.Tests.Economy;

/// <summary>Sums one <see cref="EconomyMetrics"/> instance's counter (not another host's).</summary>
public sealed class MetricCounter(EconomyMetrics metrics, string instrument) : IDisposable
{
    private readonly MetricRecorder<long> _recorder = new(metrics, instrument);

    public long Value => _recorder.Values.Sum();

    public void Dispose() => _recorder.Dispose();
}
