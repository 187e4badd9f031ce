using System.ComponentModel.DataAnnotations;

namespace Cortex.Ai.History;

/// <summary>How much of a channel Cortex keeps: enough to fill a 4,000-token context, no more.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Ai:History";

    [Range(1, 10_000)]
    public int MaxMessages { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longer messages are cut before they are stored; the context could not hold them anyway.</summary>
    [Range(16, 4_000)]
    public int MaxTokensPerMessage { get; set; } = 1_000;
}
