using Cortex.Discord.Models;

namespace Cortex.Economy.Commands;

/// <summary>
/// Discord forgets an interaction that is not acknowledged within 3 seconds of its creation (its
/// token then answers 10062 Unknown interaction), however right the answer. A command still running
/// <see cref="DeferAfter"/> after the interaction was created (a cold start, a lagging stream, a
/// contended row) is deferred first and finished by editing the deferred response.
/// </summary>
public static class InteractionDeadline
{
    /// <summary>Leaves a second of Discord's 3 s window for the deferral itself to arrive.</summary>
    public static readonly TimeSpan DeferAfter = TimeSpan.FromSeconds(2);

    /// <summary>How long the command may still run before it must be deferred (zero when already late).</summary>
    public static TimeSpan Remaining(Snowflake interactionId, TimeProvider time)
    {
        var left = interactionId.CreatedAt + DeferAfter - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
