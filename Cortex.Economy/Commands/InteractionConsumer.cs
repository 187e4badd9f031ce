using System.Text.Json;
using Cortex.Commands;
using Cortex.Discord.Models;
using Cortex.Discord.Streams;
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

        var reply = await handler.HandleAsync(interaction, cancellationToken);
        await responder.RespondAsync(interaction.Id.ToString(), interaction.Token, reply, cancellationToken);
        await database.StringSetAsync(answeredKey, "1", AnsweredMemory);
        LogAnswered(logger, data.Name ?? "", interaction.Id.Value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping interaction entry {EntryId}: payload is not an interaction")]
    private static partial void LogMalformed(ILogger logger, string entryId, Exception exception);

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
