using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Caching;

/// <summary>The seed's read-aside cache timings (balance TTL 60 s, fill lock 5 s, 50 ms polls).</summary>
public sealed class CachingOptions
{
    public const string Section = "Economy:Caching";

    [Required]
    public string KeyPrefix { get; set; } = "cortex:economy";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BalanceTtl { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan FillLockTtl { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan FillPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a reader waits for another reader's fill before reading PostgreSQL itself.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan FillWaitLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the API keeps a guild's leaderboard answer in Redis (<see cref="Leaderboard.LeaderboardPages"/>): the
    /// leaderboard over the API may trail the database by this much (plus a standby's lag). Zero: every read queries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan LeaderboardTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Accounts (and, past them, guilds) queued for repair while Redis is down; see <see cref="PendingCacheRepairs"/>.</summary>
    [Range(1, 10_000_000)]
    public int MaxPendingRepairs { get; set; } = 100_000;
}

[OptionsValidator]
public sealed partial class CachingOptionsValidator : IValidateOptions<CachingOptions>;
