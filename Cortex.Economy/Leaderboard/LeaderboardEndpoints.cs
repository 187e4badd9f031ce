using System.ComponentModel.DataAnnotations;
using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Cortex.Economy.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Leaderboard;

internal static class LeaderboardEndpoints
{
    public static RouteGroupBuilder MapLeaderboardEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapGet("/leaderboard", Top)
            .WithMetadata(CacheReadsAlongsideRateLimit.Leaderboard)
            .Produces<LeaderboardResponse>()
            .WithName("Leaderboard")
            .WithSummary($"The richest members by wallet, up to {LeaderboardStore.MaxEntries} (may trail the ledger by Economy:Caching:LeaderboardTtl).");
        return guild;
    }

    // The answer is the page's JSON as cached (LeaderboardPages), a LeaderboardResponse.
    private static async Task<Results<WholeJson, ProblemHttpResult>> Top(
        long guildId,
        LeaderboardPages pages,
        HttpContext context,
        CancellationToken cancellationToken,
        [Range(1, LeaderboardStore.MaxEntries)] int limit = LeaderboardStore.MaxEntries)
    {
        if (Validate.Id(guildId, "guild") is { } invalid)
        {
            return Problems.From(invalid);
        }

        if (limit is < 1 or > LeaderboardStore.MaxEntries)
        {
            return Problems.From(new EconomyError(EconomyErrorCode.InvalidAmount, $"limit must be from 1 to {LeaderboardStore.MaxEntries}."));
        }

        var cached = await (CacheReadsAlongsideRateLimit.Leaderboard.Take(context) ?? pages.ReadAsync(guildId, limit));
        return new WholeJson(cached is { Json: { } json } && cached.Limit == limit ? json : await pages.FillAsync(guildId, limit, cancellationToken));
    }
}
