using Cortex.Economy.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Wallet;

internal static class WalletEndpoints
{
    public static RouteGroupBuilder MapWalletEndpoints(this RouteGroupBuilder guild)
    {
        guild.MapPost("/users/{userId}/deposit", Deposit).WithName("Deposit").WithSummary("Move coins from the wallet to the bank.");
        guild.MapPost("/users/{userId}/withdraw", Withdraw).WithName("Withdraw").WithSummary("Move coins from the bank to the wallet.");
        return guild;
    }

    private static async Task<Results<Ok<WalletReceipt>, ProblemHttpResult>> Deposit(
        long guildId, long userId, AmountBody body, IdempotencyKeyHeader idempotencyKey,
        WalletService wallet, CancellationToken cancellationToken)
    {
        var result = await wallet.DepositAsync(guildId, userId, body.Amount, idempotencyKey.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }

    private static async Task<Results<Ok<WalletReceipt>, ProblemHttpResult>> Withdraw(
        long guildId, long userId, AmountBody body, IdempotencyKeyHeader idempotencyKey,
        WalletService wallet, CancellationToken cancellationToken)
    {
        var result = await wallet.WithdrawAsync(guildId, userId, body.Amount, idempotencyKey.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error);
    }
}
