using System.ComponentModel.DataAnnotations;

namespace Cortex.Ai.Memory;

public sealed class MemoryOptions
{
    public const string Section = "Ai:Memory";

    /// <summary>The most facts kept per user; the lightest (then oldest) go first.</summary>
    [Range(1, 1_000)]
    public int MaxFactsPerUser { get; set; } = 50;

    /// <summary>A repeated fact gains one unit of weight, up to this.</summary>
    [Range(1, 1_000)]
    public double MaxWeight { get; set; } = 10;

    /// <summary>Extraction looks at this many facts of one reply at most.</summary>
    [Range(1, 20)]
    public int MaxFactsPerMessage { get; set; } = 5;

    [Range(16, 1_000)]
    public int ExtractionMaxTokens { get; set; } = 150;

    /// <summary>Jobs waiting for extraction, about; beyond it the oldest are trimmed (memory is best-effort).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>
    /// A job a replica took and has not finished after this is presumed lost with that replica and is
    /// taken by another. Longer than the slowest extraction (a model call and a moderation call, each
    /// bounded by OpenAI:TotalTimeout), so a live replica's job is not extracted twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A job whose extraction failed this many times goes to the dead letters (<c>ai:memory:jobs:dead</c>, logged).</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 3;
}
