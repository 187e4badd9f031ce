using Cortex.Commands.Handlers;
using Cortex.Discord.Models;
using Cortex.Events.Consuming;

namespace Cortex.Ai.Chat;

/// <summary>
/// The AI's slash commands from the interactions stream, each handed to its <see cref="IAiCommand"/>
/// (<c>/ask</c>, <c>/memory</c>, <c>/ai-settings</c>); other commands belong to other services and are ignored.
/// </summary>
public sealed class InteractionHandler(SlashCommandRegistry<IAiCommand> commands) : IEventHandler<Interaction>
{
    Task IEventHandler<Interaction>.HandleAsync(Interaction discordEvent, EventContext context, CancellationToken cancellationToken) =>
        HandleAsync(discordEvent, cancellationToken);

    public Task HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return interaction is { Type: InteractionType.ApplicationCommand, Invoker: { } caller } && commands.Find(interaction.Data?.Name) is { } command
            ? command.HandleAsync(interaction, caller, cancellationToken)
            : Task.CompletedTask;
    }
}
