using System.Globalization;
using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Xp;

/// <summary><c>/rank [user]</c>: a member's level and XP as a card, in public.</summary>
public sealed class RankCommand(XpService xp) : IEconomyCommand
{
    public string Name => EconomyCommandList.Rank;

    public bool RepliesInPublic => true;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var member = EconomyCommandCall.UserOption(invocation.Options) ?? invocation.UserId;
        return CommandReplies.From(await xp.RankAsync(invocation.GuildId.ToBigint(), member.ToBigint(), cancellationToken), Card);
    }

    private static InteractionReply Card(RankCard card) => new(null,
    [
        new ReplyEmbed($"Rank #{card.Rank}", $"<@{card.UserId}>", CommandReplies.EmbedColor,
        [
            new ReplyEmbedField("Level", card.Level.ToString(CultureInfo.InvariantCulture), Inline: true),
            new ReplyEmbedField("XP", card.Xp.ToString("N0", CultureInfo.InvariantCulture), Inline: true),
            new ReplyEmbedField("Next level", $"{card.XpIntoLevel:N0} / {card.XpForNextLevel:N0}", Inline: true),
        ]),
    ]);
}
