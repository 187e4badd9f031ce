namespace Cortex.Events.Streams;

/// <summary>
/// The contract between the gateway (producer) and the services that consume Discord events:
/// Redis Streams read through consumer groups, at-least-once, with handlers idempotent by event id.
/// </summary>
public static class EventStreams
{
    /// <summary>MESSAGE_CREATE dispatches (moderation, AI chat, XP).</summary>
    public const string Messages = "cortex:events:messages";

    /// <summary>INTERACTION_CREATE dispatches, whether they came over the gateway or over HTTP.</summary>
    public const string Interactions = "cortex:events:interactions";

    /// <summary>GUILD_CREATE, GUILD_UPDATE and GUILD_DELETE dispatches (guild configuration, caches).</summary>
    public const string Guilds = "cortex:events:guilds";

    /// <summary>
    /// A key kept in the same Redis Cluster hash slot as <paramref name="stream"/>, so one script can touch both:
    /// <c>{cortex:events:messages}:delivered:3</c>. A key without braces hashes whole, so tagging with the stream's
    /// full name lands beside it; a stream name that carries its own <c>{tag}</c> is extended instead.
    /// </summary>
    public static string SameSlot(string stream, string suffix)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var open = stream.IndexOf('{', StringComparison.Ordinal);
        var tagged = open >= 0 && stream.IndexOf('}', open + 1) > open + 1;
        return tagged ? stream + ":" + suffix : "{" + stream + "}:" + suffix;
    }

    /// <summary>Field names of one stream entry.</summary>
    public static class Fields
    {
        /// <summary>The dispatch name, e.g. MESSAGE_CREATE.</summary>
        public const string Type = "t";

        /// <summary>The shard that received it (-1 for HTTP interactions).</summary>
        public const string Shard = "shard";

        /// <summary>The gateway sequence number (0 for HTTP interactions).</summary>
        public const string Sequence = "s";

        /// <summary>
        /// The Discord snowflake of the message or interaction: the idempotency key. A GUILD_* entry carries the
        /// guild's id here, which is not unique per event: those are told apart by their entry id instead.
        /// </summary>
        public const string Id = "id";

        /// <summary>
        /// The guild the event belongs to (0 in a DM): the partition key, and what the reader keeps in order. An entry
        /// written before this field existed reads as guild 0.
        /// </summary>
        public const string Guild = "g";

        /// <summary>The dispatch's <c>d</c> object as UTF-8 JSON, exactly as Discord sent it.</summary>
        public const string Payload = "d";
    }
}
