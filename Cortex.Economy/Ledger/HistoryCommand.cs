using System.Globalization;
using System.Text;
using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Ledger;

/// <summary><c>/history</c>: the caller's last ten ledger entries, privately.</summary>
public sealed class HistoryCommand(LedgerStore ledger) : IEconomyCommand
{
    private const int Entries = 10;

    public string Name => EconomyCommandList.History;

    public bool RepliesInPublic => false;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var entries = await ledger.HistoryAsync(invocation.GuildId.ToBigint(), invocation.UserId.ToBigint(), Entries, null, cancellationToken);
        if (entries.Count == 0)
        {
            return InteractionReply.Private("No transactions yet.");
        }

        var lines = new StringBuilder();
        foreach (var entry in entries)
        {
            lines.Append(CultureInfo.InvariantCulture, $"<t:{entry.CreatedAt.ToUnixTimeSeconds()}:d> {Describe(entry, invocation.UserId.ToBigint())}\n");
        }

        return new InteractionReply(null, [new ReplyEmbed("Your recent transactions", lines.ToString(), CommandReplies.EmbedColor)], Ephemeral: true);
    }

    private static string Describe(LedgerEntry entry, long userId) => entry.Type switch
    {
        TransactionType.Transfer when entry.FromUserId == userId => $"Paid <@{entry.ToUserId}> {entry.Amount:N0}",
        TransactionType.Transfer => $"Received {entry.Amount:N0} from <@{entry.FromUserId}>",
        TransactionType.Deposit => $"Deposited {entry.Amount:N0}",
        TransactionType.Withdraw => $"Withdrew {entry.Amount:N0}",
        TransactionType.Daily => $"Daily reward +{entry.Amount:N0}",
        TransactionType.Work => $"Work +{entry.Amount:N0}",
        TransactionType.AdminAdd => $"Given {entry.Amount:N0} by <@{entry.ActorId}>",
        TransactionType.AdminRemove => $"Removed {entry.Amount:N0} by <@{entry.ActorId}>",
        _ => $"Reset ({entry.Amount:N0}) by <@{entry.ActorId}>",
    };
}
