using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Rewards;

/// <summary><c>/work</c>: a random wage, announced; a cooldown answers privately.</summary>
public sealed class WorkCommand(RewardService rewards) : IEconomyCommand
{
    public string Name => EconomyCommandList.Work;

    public bool RepliesInPublic => true;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return CommandReplies.From(await rewards.WorkAsync(invocation.GuildId.ToBigint(), invocation.UserId.ToBigint(), invocation.IdempotencyKey, cancellationToken), receipt => new InteractionReply(
            $"<@{invocation.UserId}> worked and earned **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**."));
    }
}
