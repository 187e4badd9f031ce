using Cortex.Ai.Moderation.Commands;
using Cortex.Commands;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;

namespace Cortex.Ai.Moderation.Review;

/// <summary><c>/appeal case [reason]</c>: a member puts their own case before the moderators.</summary>
public sealed class AppealCommand(ModerationReviews review) : IModerationCommand
{
    public string Name => ModerationCommandList.Appeal;

    public async Task<string> AnswerAsync(Interaction interaction, Snowflake guildId, User caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(caller);
        var options = interaction.Data?.Options;
        if (IModerationCommand.CaseNumber(options) is not { } caseNumber)
        {
            return "Use /appeal case:<n> with the number from your warning.";
        }

        var note = options.Find(ModerationCommandList.AppealReason).AsString() ?? "";
        var result = await review.AppealAsync(guildId, caseNumber, caller.Id, note, cancellationToken);
        return result.Error switch
        {
            ReviewError.UnknownCase or ReviewError.NotYourCase => $"You have no case #{caseNumber} here.",
            ReviewError.CaseClosed => $"Case #{caseNumber} is already closed ({result.Case!.Status}).",
            ReviewError.AlreadyPending => $"Case #{caseNumber} is already waiting for a moderator.",
            _ => $"Your appeal of case #{caseNumber} is with the moderators.",
        };
    }
}
