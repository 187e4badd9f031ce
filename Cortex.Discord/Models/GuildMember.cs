namespace Cortex.Discord.Models;

public sealed record GuildMember
{
    public User? User { get; init; }
    public string? Nick { get; init; }
    public IReadOnlyList<Snowflake> Roles { get; init; } = [];
    public DateTimeOffset? JoinedAt { get; init; }

    /// <summary>When the member's timeout ends; null or past when not timed out.</summary>
    public DateTimeOffset? CommunicationDisabledUntil { get; init; }

    /// <summary>The member's permissions in the channel, sent on interaction members only.</summary>
    public string? Permissions { get; init; }

    public bool Deaf { get; init; }
    public bool Mute { get; init; }
}
