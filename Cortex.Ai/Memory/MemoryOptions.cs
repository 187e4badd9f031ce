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

    /// <summary>Jobs waiting for extraction; beyond it the oldest are dropped (memory is best-effort).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_000;
}
