using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Wallet;

/// <summary><c>/deposit amount</c>: wallet to bank, privately.</summary>
public sealed class DepositCommand(WalletService wallet) : IEconomyCommand
{
    public string Name => EconomyCommandList.Deposit;

    public bool RepliesInPublic => false;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var result = await wallet.DepositAsync(invocation.GuildId.ToBigint(), invocation.UserId.ToBigint(),
            EconomyCommandCall.AmountOption(invocation.Options), invocation.IdempotencyKey, cancellationToken);
        return CommandReplies.From(result, receipt =>
            InteractionReply.Private($"Deposited **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**, bank: **{receipt.Bank:N0}**."));
    }
}
