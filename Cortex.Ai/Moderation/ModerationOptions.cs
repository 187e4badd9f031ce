using System.ComponentModel.DataAnnotations;

namespace Cortex.Ai.Moderation;

/// <summary>How the moderation worker runs (<c>Ai:Moderation</c>); the policy itself is per guild, in PostgreSQL.</summary>
public sealed class ModerationOptions
{
    public const string Section = "Ai:Moderation";

    /// <summary>Stage 2–3 jobs run at most this many at a time.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 4;

    /// <summary>How often an idle worker looks for due jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A claimed job not finished within this is handed out again (its worker died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Attempts at stages 2–3 before a message is given up (and the give-up audited).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    [Required]
    public string AgentModel { get; set; } = "gpt-4o-mini";

    [Range(16, 1000)]
    public int AgentMaxReplyTokens { get; set; } = 120;

    /// <summary>A guild's configuration is read again after this, at the latest: a change made through any replica is announced at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ConfigCacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stage 2-3 jobs queued at most across all guilds; past it a message gets stage 1 only.</summary>
    [Range(1, 10_000_000)]
    public int MaxBacklog { get; set; } = 50_000;

    /// <summary>
    /// Partitions of the stage 2-3 backlog: a guild's jobs live in one (its keys share a Redis Cluster hash tag),
    /// so the backlog spreads over a cluster's nodes. <see cref="MaxBacklog"/> is split evenly between them.
    /// </summary>
    [Range(1, 256)]
    public int BacklogPartitions { get; set; } = 8;

    /// <summary>Stage 2-3 jobs queued at most for one guild, so one busy server cannot fill the backlog.</summary>
    [Range(1, 10_000_000)]
    public int MaxBacklogPerGuild { get; set; } = 5_000;
}
