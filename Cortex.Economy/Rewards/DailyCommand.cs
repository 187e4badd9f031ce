using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Rewards;

/// <summary><c>/daily</c>: the daily reward, announced; a cooldown answers privately with when to come back.</summary>
public sealed class DailyCommand(RewardService rewards) : IEconomyCommand
{
    public string Name => EconomyCommandList.Daily;

    public bool RepliesInPublic => true;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return CommandReplies.From(await rewards.DailyAsync(invocation.GuildId.ToBigint(), invocation.UserId.ToBigint(), invocation.IdempotencyKey, cancellationToken), receipt => new InteractionReply(
            $"<@{invocation.UserId}> claimed their daily **{receipt.Amount:N0}** coins! Wallet: **{receipt.Balance:N0}**. Next claim <t:{receipt.NextAvailableAt.ToUnixTimeSeconds()}:R>."));
    }
}
