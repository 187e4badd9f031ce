using Cortex.Commands.Handlers;
using Cortex.Discord.Models;

namespace Cortex.Ai.Chat;

/// <summary>
/// One of the AI worker's slash commands, in its feature's folder (<c>Chat/AskCommand.cs</c>): found by name
/// through <see cref="SlashCommandRegistry{THandler}"/>, it answers the interaction itself.
/// </summary>
public interface IAiCommand : ISlashCommandHandler
{
    Task HandleAsync(Interaction interaction, User caller, CancellationToken cancellationToken);
}
