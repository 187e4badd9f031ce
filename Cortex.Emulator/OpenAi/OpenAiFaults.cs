namespace Cortex.Emulator.OpenAi;

/// <summary>
/// Latency and failures injected into the OpenAI endpoint, so resilience (retries, timeouts,
/// fallbacks) can be tested. Set at start from <c>Emulator:OpenAi:LatencyMilliseconds</c> and at
/// run time through <c>PUT /control/openai/faults</c>.
/// </summary>
public sealed class OpenAiFaults
{
    private readonly Lock _gate = new();
    private readonly Queue<int> _failures = new();
    private TimeSpan _latency;

    public OpenAiFaults(TimeSpan latency) => _latency = latency;

    public TimeSpan Latency
    {
        get { lock (_gate) { return _latency; } }
    }

    public void Apply(OpenAiFaultSettings settings)
    {
        lock (_gate)
        {
            _latency = TimeSpan.FromMilliseconds(settings.LatencyMilliseconds);
            _failures.Clear();
            foreach (var status in settings.FailNext ?? [])
            {
                _failures.Enqueue(status);
            }
        }
    }

    /// <summary>The status code the current call must fail with, if one is queued.</summary>
    public int? TakeFailure()
    {
        lock (_gate)
        {
            return _failures.TryDequeue(out var status) ? status : null;
        }
    }
}
