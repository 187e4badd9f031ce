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
    /// <exception cref="JsonException">The payload is not this event.</exception>
    public T Decode(ReadOnlySpan<byte> payload) =>
        JsonSerializer.Deserialize(payload, Json) ?? throw new JsonException($"{Name} payload is null.");
}

/// <summary>The dispatches Cortex routes, decoded once with Cortex.Discord's models.</summary>
public static class DiscordEvents
{
    public static readonly DiscordEvent<Message> MessageCreate = new("MESSAGE_CREATE", EventStream.Messages, DiscordJsonContext.Default.Message);

    /// <summary>From the gateway or from the HTTP interactions endpoint; the same stream either way.</summary>
    public static readonly DiscordEvent<Interaction> InteractionCreate = new("INTERACTION_CREATE", EventStream.Interactions, DiscordJsonContext.Default.Interaction);
}

/// <summary>The event streams (their key names come from <see cref="Streams.EventStreamOptions"/>).</summary>
public enum EventStream
{
    Messages,
    Interactions,
}
