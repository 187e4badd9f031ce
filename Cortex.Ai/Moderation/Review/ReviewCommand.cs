using System.Globalization;
using System.Text;
using Cortex.Ai.Moderation.Commands;
using Cortex.Commands;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Ai.Moderation.Review;

/// <summary><c>/review list|approve|overturn</c>: the review queue, for Manage Messages or Moderate Members.</summary>
public sealed class ReviewCommand(ModerationReviews review) : IModerationCommand
{
    public string Name => ModerationCommandList.Review;

    public async Task<string> AnswerAsync(Interaction interaction, Snowflake guildId, User caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(caller);
        if (!PermissionBits.HasAny(interaction.Member?.Permissions, DiscordPermissions.ManageMessages | DiscordPermissions.ModerateMembers))
        {
            return "/review is for moderators (Manage Messages or Moderate Members).";
        }

        var subcommand = interaction.Data?.Options is [var first, ..] ? first : null;
        if (subcommand?.Name == ModerationCommandList.ReviewList)
        {
            return Render(await review.PendingAsync(guildId, 10, cancellationToken));
        }

        if (subcommand?.Name is not (ModerationCommandList.ReviewApprove or ModerationCommandList.ReviewOverturn)
            || IModerationCommand.CaseNumber(subcommand.Options) is not { } caseNumber)
        {
            return "Use /review list, /review approve case:<n> or /review overturn case:<n>.";
        }

        var verdict = subcommand.Name == ModerationCommandList.ReviewApprove ? ReviewVerdict.Approve : ReviewVerdict.Overturn;
        var result = await review.DecideAsync(guildId, caseNumber, verdict, caller.Id, cancellationToken);
        return result.Error switch
        {
            ReviewError.UnknownCase => $"There is no case #{caseNumber}.",
            ReviewError.NothingPending => $"Case #{caseNumber} has nothing pending review.",
            _ when verdict == ReviewVerdict.Approve => $"Case #{caseNumber} upheld.",
            _ => $"Case #{caseNumber} overturned. Discord: {result.Undo?.Outcome}",
        };
    }

    private static string Render(IReadOnlyList<ReviewItem> items)
    {
        if (items.Count == 0)
        {
            return "Nothing is waiting for review.";
        }

        var text = new StringBuilder("Waiting for review (oldest first):\n");
        foreach (var item in items)
        {
            text.Append(CultureInfo.InvariantCulture, $"- case #{item.CaseNumber} ({item.Kind}): {item.Action} <@{item.UserId}>: {item.Reason}\n");
        }

        return text.ToString();
    }
}
