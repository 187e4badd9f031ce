using Cortex.Economy.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Rewards;

internal static class RewardEndpoints
{
    public static RouteGroupBuilder MapRewardEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapPost("/users/{userId}/daily", Daily).WithName("Daily").WithSummary("Claim the daily reward (24 h cooldown).");
        guild.MapPost("/users/{userId}/work", Work).WithName("Work").WithSummary("Work for a random wage (cooldown).");
        return guild;
    }

    private static async Task<Results<Ok<RewardReceipt>, ProblemHttpResult>> Daily(
        long guildId, long userId, IdempotencyKeyHeader idempotencyKey,
        RewardService rewards, CancellationToken cancellationToken)
    {
        var result = await rewards.DailyAsync(guildId, userId, idempotencyKey.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }

    private static async Task<Results<Ok<RewardReceipt>, ProblemHttpResult>> Work(
        long guildId, long userId, IdempotencyKeyHeader idempotencyKey,
        RewardService rewards, CancellationToken cancellationToken)
    {
        var result = await rewards.WorkAsync(guildId, userId, idempotencyKey.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }
}
