using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cortex.Economy;

namespace Cortex.Tests.Economy;

/// <summary>Every value one <see cref="EconomyMetrics"/> instance's instrument records, in order (not another host's).</summary>
public sealed class MetricRecorder<T> : IDisposable
    where T : struct
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<T> _values = new();

    public MetricRecorder(EconomyMetrics metrics, string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (ReferenceEquals(published.Meter, metrics.Meter) && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<T>((_, measurement, _, _) => _values.Enqueue(measurement));
        _listener.Start();
    }

    public T[] Values => [.. _values];

    public void Dispose() => _listener.Dispose();
}
