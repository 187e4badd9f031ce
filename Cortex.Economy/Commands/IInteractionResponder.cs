namespace Cortex.Economy.Commands;

/// <summary>
/// Sends the reply to an interaction through Discord REST (<see cref="RestInteractionResponder"/>).
/// </summary>
public interface IInteractionResponder
{
    Task RespondAsync(string interactionId, string interactionToken, InteractionReply reply, CancellationToken cancellationToken);
}
