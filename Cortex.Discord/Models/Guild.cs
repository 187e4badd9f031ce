using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Discord.Models;

/// <summary>
/// Discord's guild object, field by field. Levels and tiers stay integers so values Discord adds later
/// pass through unchanged; objects Cortex does not act on (welcome screen, incidents) are kept as JSON.
/// </summary>
public sealed record Guild
{
    public required Snowflake Id { get; init; }
    public required string Name { get; init; }
    public string? Icon { get; init; }
    public string? IconHash { get; init; }
    public string? Splash { get; init; }
    public string? DiscoverySplash { get; init; }
    public bool? Owner { get; init; }

    /// <summary>Zero when the guild came from a partial object that omits it; never written then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Snowflake OwnerId { get; init; }

    public string? Permissions { get; init; }
    public string? Region { get; init; }
    public Snowflake? AfkChannelId { get; init; }
    public int? AfkTimeout { get; init; }
    public bool? WidgetEnabled { get; init; }
    public Snowflake? WidgetChannelId { get; init; }
    public int? VerificationLevel { get; init; }
    public int? DefaultMessageNotifications { get; init; }
    public int? ExplicitContentFilter { get; init; }
    public IReadOnlyList<Role> Roles { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Emoji>? Emojis { get; init; }
    public IReadOnlyList<string>? Features { get; init; }
    public int? MfaLevel { get; init; }
    public Snowflake? ApplicationId { get; init; }
    public Snowflake? SystemChannelId { get; init; }
    public int? SystemChannelFlags { get; init; }
    public Snowflake? RulesChannelId { get; init; }
    public int? MaxPresences { get; init; }
    public int? MaxMembers { get; init; }
    public string? VanityUrlCode { get; init; }
    public string? Description { get; init; }
    public string? Banner { get; init; }
    public int? PremiumTier { get; init; }
    public int? PremiumSubscriptionCount { get; init; }
    public string? PreferredLocale { get; init; }
    public Snowflake? PublicUpdatesChannelId { get; init; }
    public int? MaxVideoChannelUsers { get; init; }
    public int? MaxStageVideoChannelUsers { get; init; }
    public int? ApproximateMemberCount { get; init; }
    public int? ApproximatePresenceCount { get; init; }
    public JsonElement? WelcomeScreen { get; init; }
    public int? NsfwLevel { get; init; }
    public IReadOnlyList<Sticker>? Stickers { get; init; }
    public bool? PremiumProgressBarEnabled { get; init; }
    public Snowflake? SafetyAlertsChannelId { get; init; }
    public JsonElement? IncidentsData { get; init; }

    /// <summary>GUILD_CREATE only: an outage hides the guild's data.</summary>
    public bool? Unavailable { get; init; }

    public DateTimeOffset? JoinedAt { get; init; }
    public bool? Large { get; init; }
    public int? MemberCount { get; init; }
    public IReadOnlyList<GuildMember>? Members { get; init; }
    public IReadOnlyList<Channel>? Channels { get; init; }
    public IReadOnlyList<Channel>? Threads { get; init; }
}

public sealed record Ban
{
    public string? Reason { get; init; }
    public required User User { get; init; }
}
