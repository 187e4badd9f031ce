using System.ComponentModel.DataAnnotations;
using Cortex.Economy.Api;
using Cortex.Economy.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Ledger;

internal static class HistoryEndpoints
{
    public const int MaxPage = 100;

    public static RouteGroupBuilder MapHistoryEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapGet("/users/{userId}/history", History)
            .WithName("History")
            .WithSummary("A member's ledger entries, newest first; pass nextBefore as before for the next page.");
        return guild;
    }

    private static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> History(
        long guildId, long userId, LedgerStore ledger, CancellationToken cancellationToken, [Range(1, MaxPage)] int limit = 20, [Range(1, long.MaxValue)] long? before = null)
    {
        if (Validate.First(Validate.Id(guildId, "guild"), Validate.Id(userId, "user")) is { } invalid)
        {
            return Problems.From(invalid);
        }

        if (limit is < 1 or > MaxPage || before is <= 0)
        {
            return Problems.From(new EconomyError(EconomyErrorCode.InvalidAmount, $"limit must be from 1 to {MaxPage} and before a positive entry id."));
        }

        var entries = await ledger.HistoryAsync(guildId, userId, limit, before, cancellationToken);
        return TypedResults.Ok(new HistoryResponse(guildId, userId, entries, entries.Count == limit ? entries[^1].Id : null));
    }
}
