using System.Text.Json;

namespace Cortex.Discord.Models;

public static partial class MessageReader
{
    /// <summary>The message's other fields, which only the serializer reads (any of them present: the serializer reads the whole payload).</summary>
    private static readonly HashSet<string> SerializerOnly =
    [
        "mention_channels", "reactions", "activity", "application", "message_reference", "message_snapshots",
        "referenced_message", "interaction_metadata", "interaction", "thread", "sticker_items", "stickers",
        "role_subscription_data", "resolved", "poll", "call",
    ];

    private static readonly IReadOnlyList<MessageComponent> NoComponents = [];

    private static bool TryMessageField(ref Utf8JsonReader reader, ref MessageFields m)
    {
        if (!PlainName(ref reader, out var name))
        {
            return false;
        }

        return name switch
        {
            _ when name.SequenceEqual("id"u8) => Snowflake(ref reader, out m.Id),
            _ when name.SequenceEqual("channel_id"u8) => Snowflake(ref reader, out m.ChannelId),
            _ when name.SequenceEqual("guild_id"u8) => NullableSnowflake(ref reader, out m.GuildId),
            _ when name.SequenceEqual("author"u8) => reader.Read() && TryUser(ref reader, out m.Author),
            _ when name.SequenceEqual("member"u8) => Member(ref reader, out m.Member),
            _ when name.SequenceEqual("content"u8) => String(ref reader, out m.Content),
            _ when name.SequenceEqual("timestamp"u8) => Time(ref reader, out m.Timestamp),
            _ when name.SequenceEqual("edited_timestamp"u8) => NullableTime(ref reader, out m.EditedTimestamp),
            _ when name.SequenceEqual("tts"u8) => Bool(ref reader, out m.Tts),
            _ when name.SequenceEqual("mention_everyone"u8) => Bool(ref reader, out m.MentionEveryone),
            _ when name.SequenceEqual("mentions"u8) => Users(ref reader, out m.Mentions),
            _ when name.SequenceEqual("mention_roles"u8) => Snowflakes(ref reader, out m.MentionRoles),
            _ when name.SequenceEqual("attachments"u8) || name.SequenceEqual("embeds"u8) => EmptyOrNull(ref reader, out _),
            _ when name.SequenceEqual("components"u8) => EmptyOrNull(ref reader, out var empty) && Set(out m.Components, empty ? NoComponents : null),
            _ when name.SequenceEqual("nonce"u8) => Nonce(ref reader, out m.Nonce),
            _ when name.SequenceEqual("pinned"u8) => Bool(ref reader, out m.Pinned),
            _ when name.SequenceEqual("webhook_id"u8) => NullableSnowflake(ref reader, out m.WebhookId),
            _ when name.SequenceEqual("type"u8) => Int(ref reader, out m.Type),
            _ when name.SequenceEqual("application_id"u8) => NullableSnowflake(ref reader, out m.ApplicationId),
            _ when name.SequenceEqual("flags"u8) => Int(ref reader, out m.Flags),
            _ when name.SequenceEqual("position"u8) => NullableInt(ref reader, out m.Position),
            _ => !SerializerOnly.Contains(System.Text.Encoding.UTF8.GetString(name)) && Skip(ref reader),
        };
    }

    /// <summary>A nonce is a string or an integer; a null one is left to the serializer.</summary>
    private static bool Nonce(ref Utf8JsonReader reader, out JsonElement? nonce)
    {
        nonce = null;
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            return false;
        }

        nonce = JsonElement.ParseValue(ref reader);
        return true;
    }

    private static bool Set<T>(out T target, T value)
    {
        target = value;
        return true;
    }

    /// <summary>The message's fields as read, before the record is built.</summary>
    private struct MessageFields
    {
        public Snowflake? Id;
        public Snowflake? ChannelId;
        public Snowflake? GuildId;
        public User? Author;
        public GuildMember? Member;
        public string? Content;
        public DateTimeOffset Timestamp;
        public DateTimeOffset? EditedTimestamp;
        public bool Tts;
        public bool MentionEveryone;
        public IReadOnlyList<User>? Mentions;
        public IReadOnlyList<Snowflake>? MentionRoles;
        public IReadOnlyList<MessageComponent>? Components;
        public JsonElement? Nonce;
        public bool Pinned;
        public Snowflake? WebhookId;
        public int Type;
        public Snowflake? ApplicationId;
        public int Flags;
        public int? Position;
    }
}
