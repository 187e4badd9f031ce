using Cortex.Discord.Models;

namespace Cortex.Economy.Commands;

/// <summary>
/// Sends the reply to an interaction through Discord REST (<see cref="RestInteractionResponder"/>):
/// at once, or after a deferral when the command ran past <see cref="InteractionDeadline.DeferAfter"/>.
/// </summary>
public interface IInteractionResponder
{
    /// <summary>
    /// Acknowledges the interaction with Discord's "thinking…" state, public or ephemeral. False when Discord says an
    /// earlier delivery already acknowledged it (a replica that deferred and died): nothing was deferred now.
    /// </summary>
    Task<bool> DeferAsync(Interaction interaction, bool ephemeral, CancellationToken cancellationToken);

    /// <summary>Delivers the reply; <paramref name="deferredEphemeral"/> says how it was deferred, if it was.</summary>
    Task RespondAsync(Interaction interaction, InteractionReply reply, bool? deferredEphemeral, CancellationToken cancellationToken);
}
