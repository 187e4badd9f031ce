namespace Cortex.Gateway.Cache;

/// <summary>What command checks need of a guild: its owner, role permissions, channel overwrites and members' roles.</summary>
internal sealed class CachedGuild(
    ulong id,
    int shardId,
    Dictionary<ulong, ulong>? rolePermissions = null,
    Dictionary<ulong, CachedChannel>? channels = null,
    Dictionary<ulong, ulong[]>? memberRoles = null)
{
    public ulong Id { get; } = id;

    public int ShardId { get; } = shardId;

    public Lock Sync { get; } = new();

    public ulong OwnerId { get; set; }

    public Dictionary<ulong, ulong> RolePermissions { get; } = rolePermissions ?? [];

    public Dictionary<ulong, CachedChannel> Channels { get; } = channels ?? [];

    public Dictionary<ulong, ulong[]> MemberRoles { get; } = memberRoles ?? [];
}

/// <summary>A channel's type, parent and permission overwrites.</summary>
internal sealed record CachedChannel(ulong Id, int Type, ulong ParentId, Cortex.Discord.Permissions.ChannelOverwrite[] Overwrites);
