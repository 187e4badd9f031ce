using System.Text.Json;

namespace Cortex.Discord.Models;

/// <summary>A guild member. <see cref="User"/> is absent inside MESSAGE_CREATE and resolved data, where the user is beside it.</summary>
public sealed record GuildMember
{
    public User? User { get; init; }
    public string? Nick { get; init; }
    public string? Avatar { get; init; }
    public string? Banner { get; init; }
    public IReadOnlyList<Snowflake> Roles { get; init => field = value ?? []; } = [];
    public DateTimeOffset? JoinedAt { get; init; }
    public DateTimeOffset? PremiumSince { get; init; }

    /// <summary>When the member's timeout ends; null or past when not timed out.</summary>
    public DateTimeOffset? CommunicationDisabledUntil { get; init; }

    /// <summary>The member's permissions in the channel, sent on interaction members only.</summary>
    public string? Permissions { get; init; }

    public bool Deaf { get; init; }
    public bool Mute { get; init; }
    public int? Flags { get; init; }
    public bool? Pending { get; init; }

    /// <summary>Undocumented but sent on interaction members; kept so nothing is lost.</summary>
    public bool? IsPending { get; init; }

    public JsonElement? AvatarDecorationData { get; init; }
    public JsonElement? Collectibles { get; init; }
}
