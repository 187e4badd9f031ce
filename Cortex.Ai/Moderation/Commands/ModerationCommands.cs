using Cortex.Commands.Handlers;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Ai.Moderation.Commands;

/// <summary>
/// Moderation's slash commands (<c>/review</c>, <c>/appeal</c>), each handed to its <see cref="IModerationCommand"/>
/// and answered ephemerally; other commands are someone else's.
/// </summary>
public sealed class ModerationCommands(SlashCommandRegistry<IModerationCommand> commands, DiscordRestClient discord)
{
    public async Task HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var answer = await AnswerAsync(interaction, cancellationToken);
        if (answer is null)
        {
            return;
        }

        await discord.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Content = answer, Flags = MessageFlags.Ephemeral, AllowedMentions = AllowedMentions.None },
        }, cancellationToken);
    }

    /// <summary>The ephemeral answer to a moderation command, or null when the interaction is not one.</summary>
    public async Task<string?> AnswerAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction is not { Type: InteractionType.ApplicationCommand, Invoker: { } caller } || commands.Find(interaction.Data?.Name) is not { } command)
        {
            return null;
        }

        return interaction.GuildId is { } guild
            ? await command.AnswerAsync(interaction, guild, caller, cancellationToken)
            : "Moderation commands work in a server.";
    }
}
