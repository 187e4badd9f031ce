using Cortex.Commands.Handlers;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Events.Consuming;

namespace Cortex.Economy.Commands;

/// <summary>
/// The economy's slash commands from the interactions stream (consumer group <c>economy</c>): handled and answered;
/// everything else is other services' and ignored. The event backbone hands each interaction over once per group
/// (<see cref="HandledEvents"/>), so a redelivery does not answer twice; the money itself is protected by the
/// interaction id as idempotency key even if that memory is lost.
/// </summary>
public sealed partial class CommandInteractionHandler(
    SlashCommandRegistry<IEconomyCommand> commands,
    EconomyCommandHandler handler,
    IInteractionResponder responder,
    TimeProvider time,
    ILogger<CommandInteractionHandler> logger) : IEventHandler<Interaction>
{
    /// <summary>Discord's JSON error code for "Unknown interaction".</summary>
    private const int UnknownInteraction = 10062;

    public async Task HandleAsync(Interaction interaction, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction is not { Type: InteractionType.ApplicationCommand, Data: { } data } || commands.Find(data.Name) is not { } command)
        {
            return;
        }

        var handling = handler.HandleAsync(interaction, cancellationToken);
        try
        {
            var deferredEphemeral = await DeferIfSlowAsync(interaction, !command.RepliesInPublic, handling, cancellationToken);
            await responder.RespondAsync(interaction, await handling, deferredEphemeral, cancellationToken);
        }
        catch (DiscordRestException error) when (error.Code == UnknownInteraction)
        {
            // Discord no longer knows the interaction (not acknowledged in its 3 s window, or its
            // 15 min token expired): retrying cannot deliver the reply. The effect itself is applied.
            LogExpired(logger, data.Name ?? "", interaction.Id.Value, time.GetUtcNow() - interaction.Id.CreatedAt);
            return;
        }

        LogAnswered(logger, data.Name ?? "", interaction.Id.Value);
    }

    /// <summary>Defers when the command is still running as Discord's window closes; returns how, or null.</summary>
    private async Task<bool?> DeferIfSlowAsync(Interaction interaction, bool ephemeral, Task<InteractionReply> handling, CancellationToken cancellationToken)
    {
        if (handling.IsCompleted)
        {
            return null;
        }

        // Already late (a redelivery, a backlog): defer at once. Racing a window of zero against the command would answer
        // undeferred whenever the command finished in between, a second before Discord stops taking an answer.
        var remaining = InteractionDeadline.Remaining(interaction.Id, time);
        if (remaining > TimeSpan.Zero)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var window = Task.Delay(remaining, time, waiting.Token);
            var first = await Task.WhenAny(handling, window);
            await waiting.CancelAsync();
            if (first == handling)
            {
                return null; // Done in time (or failed: the caller's await rethrows, and the entry is retried).
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        if (!await responder.DeferAsync(interaction, ephemeral, cancellationToken))
        {
            // A late redelivery of an interaction an earlier delivery deferred (or answered) before its replica died:
            // answering as undeferred finds it acknowledged and edits the original response, which finishes the "thinking…".
            return null;
        }

        LogDeferred(logger, interaction.Data?.Name ?? "", interaction.Id.Value);
        return ephemeral;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred /{Command} ({InteractionId}): still running as Discord's 3 s window closes")]
    private static partial void LogDeferred(ILogger logger, string command, ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply to /{Command} ({InteractionId}) came {Age} after the interaction: Discord no longer accepts it; the command's effect stands")]
    private static partial void LogExpired(ILogger logger, string command, ulong interactionId, TimeSpan age);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered /{Command} ({InteractionId})")]
    private static partial void LogAnswered(ILogger logger, string command, ulong interactionId);
}
