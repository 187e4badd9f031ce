using System.Globalization;
using System.Text.Json.Serialization;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>The fields of MESSAGE_CREATE moderation reads (ids are strings, as Discord sends them).</summary>
public sealed record ModeratedMessage
{
    public required string Id { get; init; }
    public required string ChannelId { get; init; }
    public string? GuildId { get; init; }
    public required MessageAuthor Author { get; init; }
    public MessageMember? Member { get; init; }
    public string? Content { get; init; }
    public string? WebhookId { get; init; }

    /// <summary>Messages moderation looks at: in a guild, from a person, with text.</summary>
    [JsonIgnore]
    public bool IsModeratable => GuildId is not null && Author.Bot != true && WebhookId is null && !string.IsNullOrWhiteSpace(Content);

    public ModerationSubject ToSubject() => new(Parse(GuildId!), Parse(ChannelId), Parse(Id), Parse(Author.Id), Content ?? "");

    private static ulong Parse(string snowflake) => ulong.Parse(snowflake, NumberStyles.None, CultureInfo.InvariantCulture);
}

public sealed record MessageAuthor
{
    public required string Id { get; init; }
    public string? Username { get; init; }
    public bool? Bot { get; init; }
}

public sealed record MessageMember
{
    public IReadOnlyList<string> Roles { get; init; } = [];
}

/// <summary>A message under moderation, with its ids parsed.</summary>
public sealed record ModerationSubject(ulong GuildId, ulong ChannelId, ulong MessageId, ulong UserId, string Content);
