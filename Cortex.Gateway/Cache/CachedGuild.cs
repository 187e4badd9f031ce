using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

/// <summary>What command checks need of a guild: its owner, role permissions, channel overwrites and members' roles.</summary>
internal sealed class CachedGuild(
    Snowflake id,
    int shardId,
    Dictionary<Snowflake, ulong>? rolePermissions = null,
    Dictionary<Snowflake, CachedChannel>? channels = null,
    Dictionary<Snowflake, ulong[]>? memberRoles = null)
{
    public Snowflake Id { get; } = id;

    public int ShardId { get; } = shardId;

    public Lock Sync { get; } = new();

    public Snowflake OwnerId { get; set; }

    /// <summary>Each role's permission bits.</summary>
    public Dictionary<Snowflake, ulong> RolePermissions { get; } = rolePermissions ?? [];

    public Dictionary<Snowflake, CachedChannel> Channels { get; } = channels ?? [];

    /// <summary>Each member's role ids, as the numbers Cortex.Discord's permission calculator takes.</summary>
    public Dictionary<Snowflake, ulong[]> MemberRoles { get; } = memberRoles ?? [];
}

/// <summary>A channel's type, parent and permission overwrites.</summary>
internal sealed record CachedChannel(Snowflake Id, int Type, Snowflake ParentId, Cortex.Discord.Permissions.ChannelOverwrite[] Overwrites);
