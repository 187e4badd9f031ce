using Cortex.Commands.Handlers;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;

namespace Cortex.Ai.Moderation.Commands;

/// <summary>
/// One moderation slash command (<c>Review/ReviewCommand.cs</c>, <c>Review/AppealCommand.cs</c>), found by name
/// through <see cref="SlashCommandRegistry{THandler}"/>; it returns the ephemeral answer, which
/// <see cref="ModerationCommands"/> sends.
/// </summary>
public interface IModerationCommand : ISlashCommandHandler
{
    Task<string> AnswerAsync(Interaction interaction, Snowflake guildId, User caller, CancellationToken cancellationToken);

    /// <summary>The option <c>case</c> when it is a positive number.</summary>
    static long? CaseNumber(IReadOnlyList<InteractionDataOption>? options) =>
        options.Find(Cortex.Commands.ModerationCommandList.CaseNumber).AsInt64() is { } number && number > 0 ? number : null;
}
