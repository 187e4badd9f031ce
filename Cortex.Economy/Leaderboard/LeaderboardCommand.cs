using System.Globalization;
using System.Text;
using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Leaderboard;

/// <summary><c>/leaderboard</c>: the server's ten richest members, in public.</summary>
public sealed class LeaderboardCommand(LeaderboardStore leaderboard) : IEconomyCommand
{
    public string Name => EconomyCommandList.Leaderboard;

    public bool RepliesInPublic => true;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var top = await leaderboard.TopAsync(invocation.GuildId.ToBigint(), 10, cancellationToken);
        if (top.Count == 0)
        {
            return new InteractionReply("Nobody has any coins yet. Try `/daily`!");
        }

        var lines = new StringBuilder();
        foreach (var entry in top)
        {
            lines.Append(CultureInfo.InvariantCulture, $"**{entry.Rank}.** <@{entry.UserId}> — {entry.Balance:N0} coins\n");
        }

        return new InteractionReply(null, [new ReplyEmbed("Leaderboard", lines.ToString(), CommandReplies.EmbedColor)]);
    }
}
