namespace Cortex.Emulator.Gateway;

/// <summary>
/// Holds a paced firehose to <see cref="EventsPerSecond"/>: before each event the writer asks for its turn, which is
/// immediate while the event is due by the clock (its index ÷ the rate, counted from the first) and otherwise one wait
/// until it is, never shorter than <see cref="BurstInterval"/>. So a fast pace goes out in bursts of what fell due in a
/// couple of milliseconds (one timer wait per burst, not per event) and a slow one an event per wait; the rate is kept
/// by the clock, not by the waits, so a late wake-up sends a bigger burst instead of slowing the round.
/// </summary>
internal sealed class FirehosePacer(int eventsPerSecond, TimeProvider time)
{
    /// <summary>The shortest wait between bursts: below it a timer costs more than the burst it paces.</summary>
    public static readonly TimeSpan BurstInterval = TimeSpan.FromMilliseconds(2);

    private long _start;
    private long _sent;

    public int EventsPerSecond { get; } = eventsPerSecond;

    /// <summary>Completes when the next event is due; the first is due at once and starts the clock.</summary>
    public ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        var index = _sent++;
        if (index == 0)
        {
            _start = time.GetTimestamp();
            return ValueTask.CompletedTask;
        }

        var dueIn = TimeSpan.FromSeconds((double)index / EventsPerSecond) - time.GetElapsedTime(_start);
        return dueIn <= TimeSpan.Zero
            ? ValueTask.CompletedTask
            : new ValueTask(Task.Delay(dueIn > BurstInterval ? dueIn : BurstInterval, time, cancellationToken));
    }
}
