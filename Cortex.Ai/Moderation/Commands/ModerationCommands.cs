using System.Globalization;
using System.Text;
using System.Text.Json;
using Cortex.Ai.Moderation.Review;
using Cortex.Commands;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Discord.Rest;

namespace Cortex.Ai.Moderation.Commands;

/// <summary>
/// <c>/review list|approve|overturn</c> for moderators (Manage Messages or Moderate Members) and
/// <c>/appeal case:&lt;n&gt;</c> for members. Answers are ephemeral.
/// </summary>
public sealed class ModerationCommands(ModerationReviews review, DiscordRestClient discord)
{
    private const string Review = ModerationCommandList.Review;
    private const string Appeal = ModerationCommandList.Appeal;
    private const string CaseOption = ModerationCommandList.CaseNumber;
    private const string ReasonOption = ModerationCommandList.AppealReason;

    public async Task HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var answer = await AnswerAsync(interaction, cancellationToken);
        if (answer is null)
        {
            return;
        }

        await discord.CreateInteractionResponseAsync(interaction.Id.Value, interaction.Token, new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Content = answer, Flags = MessageFlags.Ephemeral, AllowedMentions = AllowedMentions.None },
        }, cancellationToken);
    }

    /// <summary>The ephemeral answer to a moderation command, or null when the interaction is not one.</summary>
    public async Task<string?> AnswerAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Type != InteractionType.ApplicationCommand || interaction.Data?.Name is not (Review or Appeal) || interaction.Invoker is null)
        {
            return null;
        }

        if (interaction.GuildId is not { } guild)
        {
            return "Moderation commands work in a server.";
        }

        return interaction.Data.Name == Review
            ? await ReviewAsync(interaction, guild.Value, cancellationToken)
            : await AppealAsync(interaction, guild.Value, cancellationToken);
    }

    private async Task<string> ReviewAsync(Interaction interaction, ulong guildId, CancellationToken cancellationToken)
    {
        if (!IsModerator(interaction.Member?.Permissions))
        {
            return "/review is for moderators (Manage Messages or Moderate Members).";
        }

        var subcommand = interaction.Data!.Options is [var first, ..] ? first : null;
        if (subcommand?.Name == ModerationCommandList.ReviewList)
        {
            return Render(await review.PendingAsync(guildId, 10, cancellationToken));
        }

        if (subcommand?.Name is not (ModerationCommandList.ReviewApprove or ModerationCommandList.ReviewOverturn) || CaseNumber(subcommand.Options) is not { } caseNumber)
        {
            return "Use /review list, /review approve case:<n> or /review overturn case:<n>.";
        }

        var verdict = subcommand.Name == ModerationCommandList.ReviewApprove ? ReviewVerdict.Approve : ReviewVerdict.Overturn;
        var result = await review.DecideAsync(guildId, caseNumber, verdict, interaction.Invoker!.Id.Value, cancellationToken);
        return result.Error switch
        {
            ReviewError.UnknownCase => $"There is no case #{caseNumber}.",
            ReviewError.NothingPending => $"Case #{caseNumber} has nothing pending review.",
            _ when verdict == ReviewVerdict.Approve => $"Case #{caseNumber} upheld.",
            _ => $"Case #{caseNumber} overturned. Discord: {result.Undo?.Outcome}",
        };
    }

    private async Task<string> AppealAsync(Interaction interaction, ulong guildId, CancellationToken cancellationToken)
    {
        if (CaseNumber(interaction.Data!.Options) is not { } caseNumber)
        {
            return "Use /appeal case:<n> with the number from your warning.";
        }

        var note = StringOption(interaction.Data.Options, ReasonOption) ?? "";
        var result = await review.AppealAsync(guildId, caseNumber, interaction.Invoker!.Id.Value, note, cancellationToken);
        return result.Error switch
        {
            ReviewError.UnknownCase or ReviewError.NotYourCase => $"You have no case #{caseNumber} here.",
            ReviewError.CaseClosed => $"Case #{caseNumber} is already closed ({result.Case!.Status}).",
            ReviewError.AlreadyPending => $"Case #{caseNumber} is already waiting for a moderator.",
            _ => $"Your appeal of case #{caseNumber} is with the moderators.",
        };
    }

    public static bool IsModerator(string? permissions) =>
        PermissionBits.HasAny(permissions, DiscordPermissions.ManageMessages | DiscordPermissions.ModerateMembers);

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

    private static long? CaseNumber(IReadOnlyList<InteractionDataOption>? options) =>
        options.Find(CaseOption).AsInt64() is { } number && number > 0 ? number : null;

    private static string? StringOption(IReadOnlyList<InteractionDataOption>? options, string name) => options.Find(name).AsString();
}
