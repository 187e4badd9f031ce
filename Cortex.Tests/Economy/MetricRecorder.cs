using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cortex.Economy;

namespace Cortex.Tests.Economy;

/// <summary>Every value one <see cref="EconomyMetrics"/> instance's histogram records, in order (not another host's).</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<int> _values = new();

    public MetricRecorder(EconomyMetrics metrics, string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (ReferenceEquals(published.Meter, metrics.Meter) && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => _values.Enqueue(measurement));
        _listener.Start();
    }

    public int[] Values => [.. _values];

    public void Dispose() => _listener.Dispose();
}
