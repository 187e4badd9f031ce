using System.Globalization;
using Cortex.Economy.Leaderboard;
using Cortex.ServiceDefaults.RateLimiting;
using StackExchange.Redis;

namespace Cortex.Economy.Caching;

/// <summary>
/// The first Redis read of the hot API routes (a balance, a leaderboard page, a transfer's cache generation), started by
/// the rate limiter together with its own script (<see cref="ReadAlongsideRateLimit"/>), so a request pays one Redis
/// round trip before its work instead of two. Each only reads, and none throws (a Redis failure is a faulted task, already
/// observed). The balance and the leaderboard reads are StackExchange.Redis' own tasks, parsed when the endpoint takes
/// them: a reply that arrives before the endpoint awaits it queues no continuation. Ids the route carries in a form the
/// input contract will refuse start nothing.
/// </summary>
internal static class CacheReadsAlongsideRateLimit
{
    /// <summary>A transfer's guild cache generation, read before the write as before (docs/benchmarks.md, "Round trips per transfer").</summary>
    public static readonly ReadAlongsideRateLimit<string?> Generation = new(context =>
        RouteId(context, "guildId") is { } guild ? Cache(context).GenerationAsync(guild) : null);

    /// <summary>A balance read's cache lookup; a miss goes on to the fill in the endpoint, after the limit allowed it.</summary>
    public static readonly ReadAlongsideRateLimit<RedisResult> Balance = new(context =>
        RouteId(context, "guildId") is { } guild && RouteId(context, "userId") is { } user ? Cache(context).StartRead(guild, user) : null);

    /// <summary>The leaderboard page the request asks for (<see cref="LeaderboardPages"/>); a miss queries in the endpoint.</summary>
    public static readonly ReadAlongsideRateLimit<RedisValue> Leaderboard = new(context =>
        RouteId(context, "guildId") is { } guild && PageSize(context) is { } limit
            ? context.RequestServices.GetRequiredService<LeaderboardPages>().StartRead(guild, limit)
            : null);

    private static BalanceCache Cache(HttpContext context) => context.RequestServices.GetRequiredService<BalanceCache>();

    /// <summary>The page size the leaderboard read was started for: as the endpoint binds it (absent is a full page); anything the input contract would refuse starts nothing.</summary>
    public static int? PageSize(HttpContext context)
    {
        if (!context.Request.Query.TryGetValue("limit", out var values))
        {
            return LeaderboardStore.MaxEntries;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            && limit is >= 1 and <= LeaderboardStore.MaxEntries ? limit : null;
    }

    private static long? RouteId(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) && value is string text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
}
