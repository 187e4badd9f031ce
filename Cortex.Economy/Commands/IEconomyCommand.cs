using Cortex.Commands.Handlers;

namespace Cortex.Economy.Commands;

/// <summary>
/// One economy slash command, in its feature's folder (<c>Transfers/PayCommand.cs</c>): found by name through
/// <see cref="SlashCommandRegistry{THandler}"/>, handed an invocation already checked for a server and a caller.
/// </summary>
public interface IEconomyCommand : ISlashCommandHandler
{
    /// <summary>
    /// Whether a deferral shows Discord's "thinking…" to everyone rather than to the invoker alone: true for the
    /// commands that announce moved money or public standings on success.
    /// </summary>
    bool RepliesInPublic { get; }

    Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken);
}
