using Cortex.Commands;
using Cortex.Economy.Caching;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Accounts;

/// <summary><c>/balance [user]</c>: a member's wallet and bank, privately.</summary>
public sealed class BalanceCommand(BalanceCache balances) : IEconomyCommand
{
    public string Name => EconomyCommandList.Balance;

    public bool RepliesInPublic => false;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var targetId = EconomyCommandCall.UserOption(invocation.Options) ?? invocation.UserId;
        var account = await balances.GetAsync(invocation.GuildId.ToBigint(), targetId.ToBigint(), cancellationToken);
        var whose = targetId == invocation.UserId ? "You have" : $"<@{targetId}> has";
        return InteractionReply.Private($"{whose} **{account.Balance:N0}** coins in the wallet and **{account.Bank:N0}** in the bank.");
    }
}
