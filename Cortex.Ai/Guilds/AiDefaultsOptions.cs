using System.ComponentModel.DataAnnotations;

namespace Cortex.Ai.Guilds;

/// <summary>
/// The seed's limits, used for every guild that has not overridden them in <c>ai.guild_settings</c>.
/// Bound from the <c>Ai</c> configuration section and validated at start-up.
/// </summary>
public sealed class AiDefaultsOptions
{
    public const string Section = "Ai";

    [Range(1, 10_000)]
    public int UserCallsPerWindow { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UserWindow { get; set; } = TimeSpan.FromSeconds(60);

    [Range(1, long.MaxValue)]
    public long GuildDailyTokens { get; set; } = 100_000;

    [Required]
    public string Model { get; set; } = "gpt-4o-mini";

    [Range(16, 4_096)]
    public int MaxReplyTokens { get; set; } = 800;

    /// <summary>Prefix for every Redis key, so several deployments or test runs can share a server.</summary>
    public string RedisKeyPrefix { get; set; } = "";
}
