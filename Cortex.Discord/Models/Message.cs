namespace Cortex.Discord.Models;

public sealed record Message
{
    public required Snowflake Id { get; init; }
    public required Snowflake ChannelId { get; init; }
    public Snowflake? GuildId { get; init; }
    public required User Author { get; init; }
    public string Content { get; init; } = "";
    public DateTimeOffset Timestamp { get; init; }
    public DateTimeOffset? EditedTimestamp { get; init; }
    public bool Tts { get; init; }
    public bool MentionEveryone { get; init; }
    public IReadOnlyList<User> Mentions { get; init; } = [];
    public IReadOnlyList<Snowflake> MentionRoles { get; init; } = [];
    public IReadOnlyList<Embed> Embeds { get; init; } = [];
    public bool Pinned { get; init; }
    public MessageType Type { get; init; }
    public MessageFlags Flags { get; init; }
    public MessageReference? MessageReference { get; init; }
    public Snowflake? WebhookId { get; init; }
    public Snowflake? ApplicationId { get; init; }
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}

public enum MessageType
{
    Default = 0,
    Reply = 19,
    ChatInputCommand = 20,
}

[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Discord's name for the field.")]
public enum MessageFlags
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    Ephemeral = 1 << 6,
    Loading = 1 << 7,
    SuppressNotifications = 1 << 12,
}

public sealed record MessageReference
{
    public Snowflake? MessageId { get; init; }
    public Snowflake? ChannelId { get; init; }
    public Snowflake? GuildId { get; init; }
    public bool? FailIfNotExists { get; init; }
}

/// <summary>Which mentions in a message actually ping. Cortex sends one on every message it writes.</summary>
public sealed record AllowedMentions
{
    /// <summary>Nobody is pinged: the safe default for text that echoes users.</summary>
    public static AllowedMentions None { get; } = new() { Parse = [] };

    /// <summary>"users", "roles", "everyone".</summary>
    public IReadOnlyList<string>? Parse { get; init; }
    public IReadOnlyList<Snowflake>? Users { get; init; }
    public IReadOnlyList<Snowflake>? Roles { get; init; }
    public bool? RepliedUser { get; init; }
}

/// <summary>POST /channels/{channel.id}/messages.</summary>
public sealed record CreateMessageRequest
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public MessageReference? MessageReference { get; init; }
    public MessageFlags? Flags { get; init; }
    public string? Nonce { get; init; }
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}

/// <summary>PATCH of a message or an interaction response.</summary>
public sealed record EditMessageRequest
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public MessageFlags? Flags { get; init; }

    /// <summary>Replaces the message's components; an empty list removes them.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}
