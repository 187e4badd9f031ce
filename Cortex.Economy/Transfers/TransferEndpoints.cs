using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Transfers;

internal static class TransferEndpoints
{
    public static RouteGroupBuilder MapTransferEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapPost("/transfers", Transfer)
            .WithMetadata(CacheReadsAlongsideRateLimit.Generation)
            .WithName("Transfer")
            .WithSummary("Pay another member. Send an Idempotency-Key header to make retries safe: the same key returns the first result.");
        return guild;
    }

    private static async Task<Results<Ok<TransferReceipt>, ProblemHttpResult>> Transfer(
        long guildId,
        TransferBody body,
        IdempotencyKeyHeader idempotencyKey,
        TransferService transfers,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await transfers.TransferAsync(
            new TransferRequest(guildId, body.FromUserId, body.ToUserId, body.Amount, idempotencyKey.Value),
            CacheReadsAlongsideRateLimit.Generation.Take(context),
            cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }
}
