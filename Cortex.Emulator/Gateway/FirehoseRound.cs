namespace Cortex.Emulator.Gateway;

/// <summary>
/// One firehose request's dispatches, handed to a connection's writer as a single outbox item. The writer encodes and
/// compresses all of them (in order, through the connection's one compression context, whose output for each message
/// depends on every earlier one) before it sends the first, so the client never waits for its producer; the control
/// endpoint answers once <see cref="Prepared"/> completes. A round whose wire bytes pass <see cref="SliceBytes"/> is
/// prepared and sent a slice at a time, so a huge request cannot hold its whole compressed form in memory. A round with
/// <see cref="EventsPerSecond"/> is sent at that pace (<see cref="FirehosePacer"/>) once prepared; without, as fast as the
/// client reads.
/// </summary>
internal sealed class FirehoseRound(IReadOnlyList<OutgoingFrame> frames, int? eventsPerSecond = null)
{
    /// <summary>The most wire bytes prepared ahead of sending.</summary>
    public const long SliceBytes = 512L * 1024 * 1024;

    private readonly TaskCompletionSource<long> _prepared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<OutgoingFrame> Frames { get; } = frames;

    /// <summary>The pace the round is sent at, or none: as fast as the client reads.</summary>
    public int? EventsPerSecond { get; } = eventsPerSecond;

    /// <summary>The wire bytes of the first slice (the whole round unless it passes <see cref="SliceBytes"/>), once they are ready to send.</summary>
    public Task<long> Prepared => _prepared.Task;

    public void MarkPrepared(long wireBytes) => _prepared.TrySetResult(wireBytes);

    /// <summary>The connection ended before the round was ready.</summary>
    public void Abandon() => _prepared.TrySetCanceled();
}
