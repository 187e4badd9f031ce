namespace Cortex.Gateway.Cache;

/// <summary>What command checks need of a guild: its owner, role permissions, channel overwrites and members' roles.</summary>
internal sealed class CachedGuild(ulong id, int shardId)
{
    public ulong Id { get; } = id;

    public int ShardId { get; } = shardId;

    public Lock Sync { get; } = new();

    public ulong OwnerId { get; set; }

    public Dictionary<ulong, ulong> RolePermissions { get; } = [];

    public Dictionary<ulong, CachedChannel> Channels { get; } = [];

    public Dictionary<ulong, ulong[]> MemberRoles { get; } = [];
}

/// <summary>A channel's type, parent and permission overwrites.</summary>
internal sealed record CachedChannel(ulong Id, int Type, ulong ParentId, Cortex.Discord.Permissions.ChannelOverwrite[] Overwrites);
