namespace Cortex.Discord.Models;

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

    /// <summary>An integer or a string of at most 25 characters, echoed in MESSAGE_CREATE so a client can match its optimistic message.</summary>
    public System.Text.Json.JsonElement? Nonce { get; init; }

    /// <summary>With a nonce: a second message with the same nonce (within minutes) returns the first instead.</summary>
    public bool? EnforceNonce { get; init; }

    public bool? Tts { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public MessageReference? MessageReference { get; init; }
    public IReadOnlyList<MessageComponent>? Components { get; init; }
    public IReadOnlyList<Snowflake>? StickerIds { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public MessageFlags? Flags { get; init; }
    public Poll? Poll { get; init; }
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

    public IReadOnlyList<Attachment>? Attachments { get; init; }
}
