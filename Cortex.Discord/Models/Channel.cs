using System.Text.Json;

namespace Cortex.Discord.Models;

/// <summary>Discord's channel object: guild channels, DMs and threads share it; most fields depend on <see cref="Type"/>.</summary>
public sealed record Channel
{
    public required Snowflake Id { get; init; }
    public ChannelType Type { get; init; }
    public Snowflake? GuildId { get; init; }
    public int? Position { get; init; }
    public IReadOnlyList<PermissionOverwrite>? PermissionOverwrites { get; init; }
    public string? Name { get; init; }
    public string? Topic { get; init; }
    public bool? Nsfw { get; init; }
    public Snowflake? LastMessageId { get; init; }
    public int? Bitrate { get; init; }
    public int? UserLimit { get; init; }
    public int? RateLimitPerUser { get; init; }
    public IReadOnlyList<User>? Recipients { get; init; }
    public string? Icon { get; init; }

    /// <summary>The creator of a thread or group DM.</summary>
    public Snowflake? OwnerId { get; init; }

    public Snowflake? ApplicationId { get; init; }
    public bool? Managed { get; init; }

    /// <summary>The category a guild channel sits in, or the channel a thread was started in.</summary>
    public Snowflake? ParentId { get; init; }

    public DateTimeOffset? LastPinTimestamp { get; init; }
    public string? RtcRegion { get; init; }
    public int? VideoQualityMode { get; init; }
    public int? MessageCount { get; init; }
    public int? MemberCount { get; init; }
    public ThreadMetadata? ThreadMetadata { get; init; }
    public ThreadMember? Member { get; init; }
    public int? DefaultAutoArchiveDuration { get; init; }
    public string? Permissions { get; init; }
    public int? Flags { get; init; }
    public int? TotalMessageSent { get; init; }
    public IReadOnlyList<JsonElement>? AvailableTags { get; init; }
    public IReadOnlyList<Snowflake>? AppliedTags { get; init; }
    public JsonElement? DefaultReactionEmoji { get; init; }
    public int? DefaultThreadRateLimitPerUser { get; init; }
    public int? DefaultSortOrder { get; init; }
    public int? DefaultForumLayout { get; init; }
}

/// <summary>Discord's channel types; a value Discord adds later is kept as its number.</summary>
public enum ChannelType
{
    GuildText = 0,
    DirectMessage = 1,
    GuildVoice = 2,
    GroupDirectMessage = 3,
    GuildCategory = 4,
    GuildAnnouncement = 5,
    AnnouncementThread = 10,
    PublicThread = 11,
    PrivateThread = 12,
    GuildStageVoice = 13,
    GuildDirectory = 14,
    GuildForum = 15,
    GuildMedia = 16,
}

/// <summary>A channel's allow/deny pair for a role (type 0) or a member (type 1).</summary>
public sealed record PermissionOverwrite
{
    public required Snowflake Id { get; init; }
    public required PermissionOverwriteType Type { get; init; }
    public string Allow { get; init => field = value ?? "0"; } = "0";
    public string Deny { get; init => field = value ?? "0"; } = "0";
}

public enum PermissionOverwriteType
{
    Role = 0,
    Member = 1,
}

public sealed record ThreadMetadata
{
    public bool Archived { get; init; }
    public int AutoArchiveDuration { get; init; }
    public DateTimeOffset ArchiveTimestamp { get; init; }
    public bool Locked { get; init; }
    public bool? Invitable { get; init; }
    public DateTimeOffset? CreateTimestamp { get; init; }
}

public sealed record ThreadMember
{
    public Snowflake? Id { get; init; }
    public Snowflake? UserId { get; init; }
    public DateTimeOffset JoinTimestamp { get; init; }
    public int Flags { get; init; }
    public GuildMember? Member { get; init; }
}
