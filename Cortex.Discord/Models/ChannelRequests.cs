namespace Cortex.Discord.Models;

/// <summary>POST /channels/{channel.id}/messages/bulk-delete: 2 to 100 ids, none older than 14 days.</summary>
public sealed record BulkDeleteMessagesRequest(IReadOnlyList<Snowflake> Messages);

/// <summary>POST /users/@me/channels: opens (or returns) the DM with a user.</summary>
public sealed record CreateDmRequest(Snowflake RecipientId);

/// <summary>
/// POST /guilds/{guild.id}/channels. Under a category (<see cref="ParentId"/>) with no
/// <see cref="PermissionOverwrites"/> the channel takes the category's overwrites (synced), as on Discord;
/// an empty list creates it with none.
/// </summary>
public sealed record CreateGuildChannelRequest
{
    /// <summary>Required by Discord (1 to 100 characters); left nullable so a body without it is 50035 naming it, as Discord answers.</summary>
    public string? Name { get; init; }
    public ChannelType? Type { get; init; }
    public string? Topic { get; init; }
    public int? Position { get; init; }
    public Snowflake? ParentId { get; init; }
    public IReadOnlyList<PermissionOverwrite>? PermissionOverwrites { get; init; }
    public bool? Nsfw { get; init; }
    public int? RateLimitPerUser { get; init; }
}

/// <summary>
/// PATCH /channels/{channel.id}: only the fields sent change. A guild channel takes name, topic, nsfw,
/// rate limit, parent and overwrites; a thread name, archived, locked, auto-archive duration, invitable
/// and rate limit.
/// </summary>
public sealed record ModifyChannelRequest
{
    public string? Name { get; init; }
    public string? Topic { get; init; }
    public bool? Nsfw { get; init; }
    public int? RateLimitPerUser { get; init; }
    public Snowflake? ParentId { get; init; }
    public IReadOnlyList<PermissionOverwrite>? PermissionOverwrites { get; init; }
    public bool? Archived { get; init; }
    public bool? Locked { get; init; }
    public int? AutoArchiveDuration { get; init; }
    public bool? Invitable { get; init; }
}
