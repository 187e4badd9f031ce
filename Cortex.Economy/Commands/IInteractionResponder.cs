namespace Cortex.Economy.Commands;

/// <summary>
/// Sends the reply to an interaction through Discord REST. <see cref="HttpInteractionResponder"/>
/// does it with a plain HTTP client; the shared Discord REST client will implement it too.
/// </summary>
public interface IInteractionResponder
{
    Task RespondAsync(string interactionId, string interactionToken, InteractionReply reply, CancellationToken cancellationToken);
}
