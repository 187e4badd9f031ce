using System.ComponentModel.DataAnnotations;
using Cortex.Economy.Api;
using Cortex.Economy.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Leaderboard;

internal static class LeaderboardEndpoints
{
    public static RouteGroupBuilder MapLeaderboardEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapGet("/leaderboard", Top).WithName("Leaderboard").WithSummary("The richest members by wallet, up to 100.");
        return guild;
    }

    private static async Task<Results<Ok<LeaderboardResponse>, ProblemHttpResult>> Top(
        long guildId, LeaderboardStore leaderboard, CancellationToken cancellationToken, [Range(1, LeaderboardStore.MaxEntries)] int limit = LeaderboardStore.MaxEntries)
    {
        if (Validate.Id(guildId, "guild") is { } invalid)
        {
            return Problems.From(invalid);
        }

        if (limit is < 1 or > LeaderboardStore.MaxEntries)
        {
            return Problems.From(new EconomyError(EconomyErrorCode.InvalidAmount, $"limit must be from 1 to {LeaderboardStore.MaxEntries}."));
        }

        return TypedResults.Ok(new LeaderboardResponse(guildId, await leaderboard.TopAsync(guildId, limit, cancellationToken)));
    }
}
