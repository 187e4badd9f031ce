using System.Diagnostics.Metrics;
using Cortex.Events.Consuming;

namespace Cortex.Tests.Events;

/// <summary>Sums one <see cref="EventMetrics"/> counter for one stream (tests run in parallel, each on its own stream).</summary>
internal sealed class EventCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _value;

    public EventCounter(string instrument, string stream)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == EventMetrics.MeterName && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "stream" && (string?)tag.Value == stream)
                {
                    Interlocked.Add(ref _value, measurement);
                }
            }
        });
        _listener.Start();
    }

    public long Value => Interlocked.Read(ref _value);

    public void Dispose() => _listener.Dispose();
}
