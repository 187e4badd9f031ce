using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;

namespace Cortex.Events.Contract;

/// <summary>
/// A dispatch the gateway routes into the event streams: its name (the entry's <c>t</c>), the stream it goes to, how
/// its <c>d</c> decodes into Cortex.Discord's model, and what makes one delivery of it the same as another
/// (<see cref="EventDedupe"/>). Every service decodes an event through this one description.
/// </summary>
public sealed record DiscordEvent<T>(string Name, EventStream Stream, JsonTypeInfo<T> Json, EventDedupe Dedupe = EventDedupe.ByEventId)
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

    /// <summary>
    /// The bot joined a guild, or a guild came back (after READY, after an outage): each is a new entry, handled. The entry is
    /// the guild's summary (its own fields: id, name, icon, owner, member count, large, joined at, locale, unavailable), so
    /// the decoded <see cref="Guild"/> has no members, channels, threads or emojis and no roles (docs/events.md).
    /// </summary>
    public static readonly DiscordEvent<Guild> GuildCreate = new("GUILD_CREATE", EventStream.Guilds, DiscordJsonContext.Default.Guild, EventDedupe.ByEntry);

    public static readonly DiscordEvent<Guild> GuildUpdate = new("GUILD_UPDATE", EventStream.Guilds, DiscordJsonContext.Default.Guild, EventDedupe.ByEntry);

    /// <summary>The bot was removed from a guild, or the guild became unavailable (<see cref="UnavailableGuild.Removed"/>).</summary>
    public static readonly DiscordEvent<UnavailableGuild> GuildDelete = new("GUILD_DELETE", EventStream.Guilds, DiscordJsonContext.Default.UnavailableGuild, EventDedupe.ByEntry);
}

/// <summary>The event streams (their key names come from <see cref="Streams.EventStreamOptions"/>).</summary>
public enum EventStream
{
    Messages,
    Interactions,

    /// <summary>GUILD_CREATE, GUILD_UPDATE, GUILD_DELETE, partitioned by the guild's own id.</summary>
    Guilds,
}

/// <summary>What a consumer group counts as one event when it skips repeats (<see cref="Consuming.HandledEvents"/>).</summary>
public enum EventDedupe
{
    /// <summary>The Discord id of the message or interaction: the same event under any entry is handled once.</summary>
    ByEventId,

    /// <summary>
    /// The stream entry (its partition's key and entry id): for dispatches that carry no event id of their own. A
    /// redelivery of the entry is skipped; the same guild's next GUILD_CREATE (a re-identify, a replay the gateway had
    /// not routed yet) is a new entry and is handled. The gateway's per-shard mark keeps one dispatch from becoming two
    /// entries, so the entry is the event.
    /// </summary>
    ByEntry,
}
