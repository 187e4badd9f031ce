using System.Globalization;
using StackExchange.Redis;

namespace Cortex.Economy.Caching;

/// <summary>
/// Key layout. The guild id is a hash tag so one guild's keys share a cluster slot. Balance keys
/// carry the guild's generation: invalidating a guild is one INCR, and the old generation's keys
/// simply expire, so nothing ever scans the keyspace.
/// </summary>
internal sealed class CacheKeys(string prefix)
{
    public RedisKey Generation(long guildId) => $"{prefix}:{{{Format(guildId)}}}:gen";

    /// <summary>Followed by "{generation}:{userId}" inside the scripts.</summary>
    public string BalancePrefix(long guildId) => $"{prefix}:{{{Format(guildId)}}}:bal:";

    public RedisKey Balance(long guildId, string generation, long userId) => BalancePrefix(guildId) + generation + ":" + Format(userId);

    public RedisKey FillLock(long guildId, long userId) => $"{prefix}:{{{Format(guildId)}}}:lock:{Format(userId)}";

    /// <summary>A guild's leaderboard answer for one page size, as JSON (<see cref="Leaderboard.LeaderboardPages"/>).</summary>
    public RedisKey LeaderboardPage(long guildId, int limit) => $"{prefix}:{{{Format(guildId)}}}:top:{limit.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The fill lock of one leaderboard page (<see cref="SingleFlightFill"/>).</summary>
    public RedisKey LeaderboardFillLock(long guildId, int limit) => $"{prefix}:{{{Format(guildId)}}}:toplock:{limit.ToString(CultureInfo.InvariantCulture)}";

    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);
}
