using System.Globalization;
using Cortex.Economy.Leaderboard;
using Cortex.ServiceDefaults.RateLimiting;

namespace Cortex.Economy.Caching;

/// <summary>
/// The first Redis read of the hot API routes (a balance, a leaderboard page, a transfer's cache generation), started by
/// the rate limiter together with its own script (<see cref="ReadAlongsideRateLimit"/>), so a request pays one Redis
/// round trip before its work instead of two. Each only reads, and none throws. Ids the route carries in a form the input contract will refuse start nothing.
/// </summary>
internal static class CacheReadsAlongsideRateLimit
{
    /// <summary>A transfer's guild cache generation, read before the write as before (docs/benchmarks.md, "Round trips per transfer").</summary>
    public static readonly ReadAlongsideRateLimit<string?> Generation = new(context =>
        RouteId(context, "guildId") is { } guild ? Cache(context).GenerationAsync(guild) : null);

    /// <summary>A balance read's cache lookup; a miss goes on to the fill in the endpoint, after the limit allowed it.</summary>
    public static readonly ReadAlongsideRateLimit<CachedBalance> Balance = new(context =>
        RouteId(context, "guildId") is { } guild && RouteId(context, "userId") is { } user ? Cache(context).ReadAsync(guild, user) : null);

    /// <summary>The leaderboard page the request asks for (<see cref="LeaderboardPages"/>); a miss queries in the endpoint.</summary>
    public static readonly ReadAlongsideRateLimit<CachedPage> Leaderboard = new(context =>
        RouteId(context, "guildId") is { } guild && PageSize(context) is { } limit
            ? context.RequestServices.GetRequiredService<LeaderboardPages>().ReadAsync(guild, limit)
            : null);

    private static BalanceCache Cache(HttpContext context) => context.RequestServices.GetRequiredService<BalanceCache>();

    // As the endpoint binds it: absent is a full page; anything the input contract would refuse starts nothing.
    private static int? PageSize(HttpContext context)
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
