using System.Globalization;
using System.Text.Json;
using Cortex.Ai.Chat;
using Cortex.Events.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Ai.Streams;

/// <summary>MESSAGE_CREATE entries, once each by message id.</summary>
public sealed class MessageEventConsumer(
    IConnectionMultiplexer redis, IOptions<AiStreamOptions> options, EventGate gate, MessageHandler handler, TimeProvider time, ILogger<MessageEventConsumer> logger)
    : StreamConsumer(redis, options.Value.For(options.Value.MessagesStream), time, logger)
{
    protected override Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken) =>
        GatedEvent.HandleAsync(entry, "message", gate, DiscordEventsJsonContext.Default.MessageCreateEvent, handler.HandleAsync, cancellationToken);
}

/// <summary>INTERACTION_CREATE entries, once each by interaction id.</summary>
public sealed class InteractionEventConsumer(
    IConnectionMultiplexer redis, IOptions<AiStreamOptions> options, EventGate gate, InteractionHandler handler, TimeProvider time, ILogger<InteractionEventConsumer> logger)
    : StreamConsumer(redis, options.Value.For(options.Value.InteractionsStream), time, logger)
{
    protected override Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken) =>
        GatedEvent.HandleAsync(entry, "interaction", gate, DiscordEventsJsonContext.Default.InteractionCreateEvent, handler.HandleAsync, cancellationToken);
}

internal static class GatedEvent
{
    public static async Task HandleAsync<T>(
        StreamEntry entry,
        string kind,
        EventGate gate,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        Func<T, CancellationToken, Task> handle,
        CancellationToken cancellationToken)
    {
        var payload = entry[EventStreams.Fields.Payload];
        if (payload.IsNullOrEmpty || !ulong.TryParse((string?)entry[EventStreams.Fields.Id], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return; // not an event this worker can read; acknowledging it is all there is to do
        }

        var state = await gate.TryBeginAsync(kind, id);
        if (state == EventGateState.AlreadyDone)
        {
            return;
        }

        if (state == EventGateState.InProgressElsewhere)
        {
            throw new InvalidOperationException($"{kind} {id} is being handled elsewhere; leaving it pending.");
        }

        try
        {
            var @event = JsonSerializer.Deserialize((byte[])payload!, type) ?? throw new JsonException($"{kind} {id} has an empty payload.");
            await handle(@event, cancellationToken);
            await gate.CompleteAsync(kind, id);
        }
        catch (JsonException)
        {
            await gate.CompleteAsync(kind, id); // a malformed payload will not parse on a retry either
            throw;
        }
        catch
        {
            await gate.AbandonAsync(kind, id);
            throw;
        }
    }
}
