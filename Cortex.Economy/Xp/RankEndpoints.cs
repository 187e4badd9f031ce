using Cortex.Economy.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Xp;

internal static class RankEndpoints
{
    public static RouteGroupBuilder MapRankEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapGet("/users/{userId}/rank", Rank).WithName("Rank").WithSummary("XP, level and place in the guild.");
        return guild;
    }

    private static async Task<Results<Ok<RankCard>, ProblemHttpResult>> Rank(
        long guildId, long userId, XpService xp, CancellationToken cancellationToken)
    {
        var result = await xp.RankAsync(guildId, userId, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }
}
