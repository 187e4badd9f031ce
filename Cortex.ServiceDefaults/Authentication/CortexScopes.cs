namespace Cortex.ServiceDefaults.Authentication;

/// <summary>
/// The capabilities a Cortex credential can carry. Each is also the name of the authorization policy
/// that requires it, so a route reads <c>.RequireAuthorization(CortexScopes.EconomyWrite)</c>.
/// </summary>
public static class CortexScopes
{
    /// <summary>The claim type a key's scopes are issued as.</summary>
    public const string ClaimType = "scope";

    /// <summary>Balances, history, leaderboard, rank, the economy's OpenAPI document.</summary>
    public const string EconomyRead = "economy.read";

    /// <summary>Anything that moves coins: transfers, daily, work, deposit, withdraw, admin.</summary>
    public const string EconomyWrite = "economy.write";

    /// <summary>The shard view and respawns.</summary>
    public const string ShardsOperate = "shards.operate";

    /// <summary>The review queue, cases and audit log, and approve/overturn decisions.</summary>
    public const string ModerationReview = "moderation.review";

    /// <summary>A guild's moderation configuration (thresholds, exempt roles, on/off).</summary>
    public const string ModerationConfigure = "moderation.configure";

    /// <summary>Prometheus' <c>/metrics</c>.</summary>
    public const string MetricsRead = "metrics.read";

    public static readonly IReadOnlyList<string> All =
        [EconomyRead, EconomyWrite, ShardsOperate, ModerationReview, ModerationConfigure, MetricsRead];
}
