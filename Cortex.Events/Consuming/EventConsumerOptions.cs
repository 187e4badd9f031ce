using System.ComponentModel.DataAnnotations;

namespace Cortex.Events.Consuming;

/// <summary>How one consumer group reads the event streams (<c>Events:Consumers:{group}</c>).</summary>
public sealed class EventConsumerOptions
{
    public const string Section = "Events:Consumers";

    /// <summary>Unique per process, so a dead replica's pending entries are claimed by a live one, not lost.</summary>
    [Required]
    public string Consumer { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Entries of one batch handled at once; 1 handles them one after another, in stream order.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// A pending entry idle this long belonged to a consumer presumed dead: claim it (XAUTOCLAIM's min-idle-time).
    /// Also the lease on an event id while it is handled. Longer than the slowest handler, or live work is stolen.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look for stale pending entries when the last look found none.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause between reads of an empty stream (the shared multiplexer cannot block on XREADGROUP).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Deliveries (Redis's own count, so it survives restarts) after which a failing entry is dead-lettered.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>The dead-letter stream (<c>{stream}:dead</c>) keeps at most this many entries, the newest.</summary>
    [Range(100, 10_000_000)]
    public int DeadLetterMaxLength { get; set; } = 10_000;

    /// <summary>
    /// How long a handled event id is remembered; far longer than any redelivery (a pending entry is claimed within
    /// <see cref="ClaimIdle"/>) or duplicate (an interaction's token lives 15 minutes; a resume's replay is fenced
    /// by the gateway's delivered mark). Redis holds one key per handled event per group for this long: at a steady
    /// rate its memory is rate × groups × this window, so a day at 500 messages/s and three groups was ~130 million keys.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RememberHandled { get; set; } = TimeSpan.FromHours(1);
}
