using System.ComponentModel.DataAnnotations;
using Cortex.Events.Streams;

namespace Cortex.Ai.Streams;

/// <summary>Which streams the worker reads and how it shares them with other replicas.</summary>
public sealed class AiStreamOptions
{
    public const string Section = "Ai:Streams";

    [Required]
    public string MessagesStream { get; set; } = EventStreams.Messages;

    [Required]
    public string InteractionsStream { get; set; } = EventStreams.Interactions;

    /// <summary>One group for every AI replica: each event is handled by one of them.</summary>
    [Required]
    public string Group { get; set; } = "cortex-ai";

    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Longer than the slowest handler, so a live consumer's work is not stolen.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromSeconds(150);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(15);

    public StreamConsumerOptions For(string stream) => new(stream, Group, BatchSize, ClaimIdle, ClaimInterval);
}
