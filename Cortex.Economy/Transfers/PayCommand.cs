using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Transfers;

/// <summary><c>/pay user amount</c>: one transfer, announced in public; the interaction id makes a redelivery pay once.</summary>
public sealed class PayCommand(TransferService transfers) : IEconomyCommand
{
    public string Name => EconomyCommandList.Pay;

    public bool RepliesInPublic => true;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (EconomyCommandCall.UserOption(invocation.Options) is not { } recipient)
        {
            return InteractionReply.Private("Choose who to pay.");
        }

        var payer = invocation.UserId;
        var request = new TransferRequest(invocation.GuildId.ToBigint(), payer.ToBigint(), recipient.ToBigint(), EconomyCommandCall.AmountOption(invocation.Options), invocation.IdempotencyKey);
        return CommandReplies.From(await transfers.TransferAsync(request, cancellationToken), receipt => new InteractionReply(
            $"<@{payer}> paid <@{recipient}> **{receipt.Amount:N0}** coins. <@{payer}> now has **{receipt.FromBalance:N0}**."));
    }
}
