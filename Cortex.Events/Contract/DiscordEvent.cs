using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;

namespace Cortex.Events.Contract;

/// <summary>
/// A dispatch the gateway routes into the event streams: its name (the entry's <c>t</c>), the stream it goes to, and
/// how its <c>d</c> decodes into Cortex.Discord's model. Every service decodes an event through this one description.
/// </summary>
public sealed record DiscordEvent<T>(string Name, EventStream Stream, JsonTypeInfo<T> Json)
    where T : class
{
    /// <summary>A hand reader giving what <see cref="Json"/> gives, faster, for an event on every message (null: the serializer).</summary>
    public PayloadReader<T>? Reader { get; init; }

    /// <exception cref="JsonException">The payload is not this event.</exception>
    public T Decode(ReadOnlySpan<byte> payload) =>
        (Reader is { } reader ? reader(payload) : JsonSerializer.Deserialize(payload, Json)) ?? throw new JsonException($"{Name} payload is null.");
}

/// <summary>Reads an event's <c>d</c> into its model; null for a JSON <c>null</c>.</summary>
/// <exception cref="JsonException">The payload is not the model.</exception>
public delegate T? PayloadReader<T>(ReadOnlySpan<byte> payload)
    where T : class;

/// <summary>The dispatches Cortex routes, decoded once with Cortex.Discord's models.</summary>
public static class DiscordEvents
{
    /// <summary>The busiest event: read by <see cref="MessageReader"/>, whose result is the serializer's.</summary>
    public static readonly DiscordEvent<Message> MessageCreate = new("MESSAGE_CREATE", EventStream.Messages, DiscordJsonContext.Default.Message)
    {
        Reader = MessageReader.Read,
    };

    /// <summary>From the gateway or from the HTTP interactions endpoint; the same stream either way.</summary>
    public static readonly DiscordEvent<Interaction> InteractionCreate = new("INTERACTION_CREATE", EventStream.Interactions, DiscordJsonContext.Default.Interaction);
}

/// <summary>The event streams (their key names come from <see cref="Streams.EventStreamOptions"/>).</summary>
public enum EventStream
{
    Messages,
    Interactions,
}
