using System.Text.Json;

namespace Cortex.Discord.Models;

public static partial class MessageReader
{
    /// <summary>The message's other fields, which only the serializer reads (any of them present: the serializer reads the whole payload).</summary>
    private static readonly HashSet<string> SerializerOnly =
    [
        "mention_channels", "reactions", "activity", "application", "message_reference", "message_snapshots",
        "interaction_metadata", "interaction", "thread", "sticker_items", "stickers",
        "role_subscription_data", "resolved", "poll", "call",
    ];

    private static readonly IReadOnlyList<MessageComponent> NoComponents = [];

    private static readonly FieldNames MessageNames = new(typeof(MessageField));

    private static bool TryMessageField(ref Utf8JsonReader reader, ref MessageFields m) => (MessageField)MessageNames.Find(reader.ValueSpan) switch
    {
        MessageField.Id => Snowflake(ref reader, out m.Id),
        MessageField.ChannelId => Snowflake(ref reader, out m.ChannelId),
        MessageField.GuildId => NullableSnowflake(ref reader, out m.GuildId),
        MessageField.Author => reader.Read() && TryUser(ref reader, out m.Author),
        MessageField.Member => Member(ref reader, out m.Member),
        MessageField.Content => String(ref reader, out m.Content),
        MessageField.Timestamp => Time(ref reader, out m.Timestamp),
        MessageField.EditedTimestamp => NullableTime(ref reader, out m.EditedTimestamp),
        MessageField.Tts => Bool(ref reader, out m.Tts),
        MessageField.MentionEveryone => Bool(ref reader, out m.MentionEveryone),
        MessageField.Mentions => Users(ref reader, out m.Mentions),
        MessageField.MentionRoles => Snowflakes(ref reader, out m.MentionRoles),
        MessageField.Attachments or MessageField.Embeds => EmptyOrNull(ref reader, out _),
        MessageField.Components => EmptyOrNull(ref reader, out var empty) && Set(out m.Components, empty ? NoComponents : null),
        MessageField.Nonce => Nonce(ref reader, out m.Nonce),
        MessageField.Pinned => Bool(ref reader, out m.Pinned),
        MessageField.WebhookId => NullableSnowflake(ref reader, out m.WebhookId),
        MessageField.Type => Int(ref reader, out m.Type),
        MessageField.ApplicationId => NullableSnowflake(ref reader, out m.ApplicationId),
        MessageField.Flags => Int(ref reader, out m.Flags),
        MessageField.Position => NullableInt(ref reader, out m.Position),

        // Discord sends "referenced_message": null on every plain message; only a reply's message goes to the serializer.
        MessageField.ReferencedMessage => reader.Read() && reader.TokenType == JsonTokenType.Null,
        _ => PlainName(ref reader, out var name) && !SerializerOnly.Contains(System.Text.Encoding.UTF8.GetString(name)) && Skip(ref reader),
    };

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

    /// <summary>The message fields this pass reads, named as on the wire (<see cref="FieldNames"/>).</summary>
    private enum MessageField
    {
        Id, ChannelId, GuildId, Author, Member, Content, Timestamp, EditedTimestamp, Tts, MentionEveryone, Mentions,
        MentionRoles, Attachments, Embeds, Components, Nonce, Pinned, WebhookId, Type, ApplicationId, Flags, Position,
        ReferencedMessage,
    }
}
