using System.Text.Json;
using Cortex.Commands;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Events.Streams;
using Cortex.Economy.Streams;
using StackExchange.Redis;

namespace Cortex.Economy.Commands;

/// <summary>
/// Consumes <see cref="EventStreams.Interactions"/>: economy commands are handled and answered,
/// everything else (other services' commands) is acknowledged and left to them. An interaction
/// answered once is remembered for a day, so a redelivery does not answer twice; the money itself
/// is protected by the interaction id as idempotency key even if that memory is lost.
/// </summary>
public sealed partial class InteractionConsumer(
    IConnectionMultiplexer redis,
    EconomyCommandHandler handler,
    IInteractionResponder responder,
    InteractionConsumerOptions consumerOptions,
    TimeProvider timeProvider,
    ILogger<InteractionConsumer> logger)
    : GroupStreamConsumer(redis, consumerOptions.Stream, timeProvider, logger)
{
    public static readonly TimeSpan AnsweredMemory = TimeSpan.FromDays(1);

    /// <summary>Discord's JSON error code for "Unknown interaction".</summary>
    private const int UnknownInteraction = 10062;

    protected override async Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        var payload = entry[EventStreams.Fields.Payload];
        Interaction? interaction;
        try
        {
            interaction = payload.IsNullOrEmpty ? null : JsonSerializer.Deserialize((byte[])payload!, DiscordJsonContext.Default.Interaction);
        }
        catch (JsonException e)
        {
            LogMalformed(logger, entry.Id.ToString(), e);
            return; // Acknowledged: retrying cannot fix it.
        }

        if (interaction is not { Type: InteractionType.ApplicationCommand, Data: { } data } || !EconomyCommandList.Handles(data.Name))
        {
            return;
        }

        var answeredKey = new RedisKey($"{consumerOptions.AnsweredKeyPrefix}:{interaction.Id}");
        var database = Redis.GetDatabase();
        if (await database.KeyExistsAsync(answeredKey))
        {
            return;
        }

        var handling = handler.HandleAsync(interaction, cancellationToken);
        try
        {
            var deferredEphemeral = await DeferIfSlowAsync(interaction, handling, cancellationToken);
            await responder.RespondAsync(interaction, await handling, deferredEphemeral, cancellationToken);
        }
        catch (DiscordRestException error) when (error.Code == UnknownInteraction)
        {
            // Discord no longer knows the interaction (not acknowledged in its 3 s window, or its
            // 15 min token expired): retrying cannot deliver the reply. The effect itself is applied.
            LogExpired(logger, data.Name ?? "", interaction.Id.Value, Time.GetUtcNow() - interaction.Id.CreatedAt);
            return;
        }

        await database.StringSetAsync(answeredKey, "1", AnsweredMemory);
        LogAnswered(logger, data.Name ?? "", interaction.Id.Value);
    }

    /// <summary>Defers when the command is still running as Discord's window closes; returns how, or null.</summary>
    private async Task<bool?> DeferIfSlowAsync(Interaction interaction, Task<InteractionReply> handling, CancellationToken cancellationToken)
    {
        if (handling.IsCompleted)
        {
            return null;
        }

        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var window = Task.Delay(InteractionDeadline.Remaining(interaction.Id, Time), Time, waiting.Token);
            var first = await Task.WhenAny(handling, window);
            await waiting.CancelAsync();
            if (first == handling)
            {
                return null; // Done in time (or failed: the caller's await rethrows, and the entry is retried).
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        var ephemeral = !InteractionDeadline.RepliesInPublic(interaction.Data?.Name);
        await responder.DeferAsync(interaction, ephemeral, cancellationToken);
        LogDeferred(logger, interaction.Data?.Name ?? "", interaction.Id.Value);
        return ephemeral;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping interaction entry {EntryId}: payload is not an interaction")]
    private static partial void LogMalformed(ILogger logger, string entryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred /{Command} ({InteractionId}): still running as Discord's 3 s window closes")]
    private static partial void LogDeferred(ILogger logger, string command, ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply to /{Command} ({InteractionId}) came {Age} after the interaction: Discord no longer accepts it; the command's effect stands")]
    private static partial void LogExpired(ILogger logger, string command, ulong interactionId, TimeSpan age);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered /{Command} ({InteractionId})")]
    private static partial void LogAnswered(ILogger logger, string command, ulong interactionId);
}

/// <summary>Where interactions come from and where answered ids are remembered.</summary>
public sealed class InteractionConsumerOptions
{
    public const string Section = "Economy:Interactions";

    public StreamConsumerOptions Stream { get; set; } = new() { Stream = EventStreams.Interactions };

    public string AnsweredKeyPrefix { get; set; } = "cortex:economy:answered";
}
