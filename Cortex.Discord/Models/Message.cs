using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Discord.Models;

/// <summary>
/// Discord's message object. Lists Discord always sends come back empty, never null, when a partial
/// object (MESSAGE_UPDATE, resolved data) omits them.
/// </summary>
public sealed record Message
{
    public required Snowflake Id { get; init; }
    public required Snowflake ChannelId { get; init; }
    public Snowflake? GuildId { get; init; }
    public required User Author { get; init; }

    /// <summary>Gateway events in a guild: the author as a member (without its user).</summary>
    public GuildMember? Member { get; init; }

    /// <summary>Empty without the MESSAGE_CONTENT intent.</summary>
    public string Content { get; init => field = value ?? ""; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public DateTimeOffset Timestamp { get; init; }

    public DateTimeOffset? EditedTimestamp { get; init; }
    public bool Tts { get; init; }
    public bool MentionEveryone { get; init; }
    public IReadOnlyList<User> Mentions { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Snowflake> MentionRoles { get; init => field = value ?? []; } = [];
    public IReadOnlyList<ChannelMention>? MentionChannels { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Embed> Embeds { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Reaction>? Reactions { get; init; }

    /// <summary>An integer or a string, echoed from the create request.</summary>
    public JsonElement? Nonce { get; init; }

    public bool Pinned { get; init; }
    public Snowflake? WebhookId { get; init; }
    public MessageType Type { get; init; }
    public JsonElement? Activity { get; init; }
    public JsonElement? Application { get; init; }
    public Snowflake? ApplicationId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public MessageFlags Flags { get; init; }

    public MessageReference? MessageReference { get; init; }
    public IReadOnlyList<JsonElement>? MessageSnapshots { get; init; }
    public Message? ReferencedMessage { get; init; }
    public JsonElement? InteractionMetadata { get; init; }
    public JsonElement? Interaction { get; init; }
    public Channel? Thread { get; init; }
    public IReadOnlyList<MessageComponent>? Components { get; init; }
    public IReadOnlyList<StickerItem>? StickerItems { get; init; }
    public IReadOnlyList<Sticker>? Stickers { get; init; }
    public int? Position { get; init; }
    public JsonElement? RoleSubscriptionData { get; init; }
    public ResolvedData? Resolved { get; init; }
    public Poll? Poll { get; init; }
    public JsonElement? Call { get; init; }
}

public sealed record ChannelMention
{
    public required Snowflake Id { get; init; }
    public Snowflake GuildId { get; init; }
    public ChannelType Type { get; init; }
    public string Name { get; init => field = value ?? ""; } = "";
}

/// <summary>A message reference: a reply (type 0, the default) or a forward (type 1).</summary>
public sealed record MessageReference
{
    public MessageReferenceType? Type { get; init; }
    public Snowflake? MessageId { get; init; }
    public Snowflake? ChannelId { get; init; }
    public Snowflake? GuildId { get; init; }
    public bool? FailIfNotExists { get; init; }
}

public enum MessageReferenceType
{
    Default = 0,
    Forward = 1,
}
