using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Wallet;

/// <summary><c>/withdraw amount</c>: bank to wallet, privately.</summary>
public sealed class WithdrawCommand(WalletService wallet) : IEconomyCommand
{
    public string Name => EconomyCommandList.Withdraw;

    public bool RepliesInPublic => false;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var result = await wallet.WithdrawAsync(invocation.GuildId.ToBigint(), invocation.UserId.ToBigint(),
            EconomyCommandCall.AmountOption(invocation.Options), invocation.IdempotencyKey, cancellationToken);
        return CommandReplies.From(result, receipt =>
            InteractionReply.Private($"Withdrew **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**, bank: **{receipt.Bank:N0}**."));
    }
}
