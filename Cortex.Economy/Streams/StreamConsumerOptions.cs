namespace Cortex.Economy.Streams;

/// <summary>How one consumer group reads one Redis stream.</summary>
public sealed class StreamConsumerOptions
{
    public required string Stream { get; set; }

    public string Group { get; set; } = "economy";

    /// <summary>Unique per process, so a restarted replica's pending entries are reclaimed, not lost.</summary>
    public string Consumer { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    public int BatchSize { get; set; } = 32;

    /// <summary>A pending entry idle this long belonged to a consumer that died: claim it (XAUTOCLAIM).</summary>
    public TimeSpan ReclaimAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause between reads when the stream is empty (the shared multiplexer cannot block on XREADGROUP).</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Deliveries after which a failing entry is acknowledged and copied to "{stream}:dead".</summary>
    public int MaxDeliveries { get; set; } = 5;
}
