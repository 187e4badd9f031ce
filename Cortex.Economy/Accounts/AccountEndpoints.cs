using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Cortex.Economy.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Accounts;

internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapGet("/users/{userId}/balance", GetBalance)
            .WithMetadata(CacheReadsAlongsideRateLimit.Balance)
            .WithName("GetBalance")
            .WithSummary("A member's wallet and bank (cached in Redis, PostgreSQL when Redis is down).");
        return guild;
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetBalance(
        long guildId, long userId, BalanceCache cache, HttpContext context, CancellationToken cancellationToken)
    {
        if (Validate.First(Validate.Id(guildId, "guild"), Validate.Id(userId, "user")) is { } invalid)
        {
            return Problems.From(invalid);
        }

        var account = await cache.GetAsync(
            guildId, userId, CacheReadsAlongsideRateLimit.Balance.Take(context) ?? cache.ReadAsync(guildId, userId), cancellationToken);
        return account.Exists
            ? TypedResults.Ok(new AccountResponse(guildId, userId, account.Balance, account.Bank))
            : Problems.From(EconomyError.NotFound(userId));
    }
}
