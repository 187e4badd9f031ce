using System.Diagnostics.Metrics;
using Cortex.Economy;

namespace Cortex.Tests.Economy;

/// <summary>Counts one <see cref="EconomyMetrics"/> instance's measurements (not another host's).</summary>
public sealed class MetricCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _value;

    public MetricCounter(EconomyMetrics metrics, string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (ReferenceEquals(published.Meter, metrics.Meter) && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => Interlocked.Add(ref _value, measurement));
        _listener.Start();
    }

    public long Value => Interlocked.Read(ref _value);

    public void Dispose() => _listener.Dispose();
}
