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

    /// <summary>
    /// Each member's role ids, as the numbers Cortex.Discord's permission calculator takes; empty while the members are still
    /// <see cref="PendingMembers"/>.
    /// </summary>
    public Dictionary<Snowflake, ulong[]> MemberRoles { get; private set; } = memberRoles ?? [];

    /// <summary>
    /// GUILD_CREATE's <c>members</c> array, bounded on arrival but not read: <see cref="GuildCache"/> indexes it into
    /// <see cref="MemberRoles"/> when a member is first needed, under <see cref="Sync"/>. A slice of the dispatch's own <c>d</c>
    /// or a copy of the array (GuildCreateReader.Deferred.cs says which). Null once indexed (or when it never was kept).
    /// </summary>
    public ReadOnlyMemory<byte>? PendingMembers { get; private set; }

    /// <summary>How much of the cache's <see cref="PendingMemberBudget"/> the kept bytes hold; 0 once released.</summary>
    public int ChargedBytes { get; private set; }

    /// <summary>Keeps a members array unread, charged to the budget by <paramref name="charged"/>: the bytes it keeps alive.</summary>
    public void KeepPending(ReadOnlyMemory<byte> members, int charged) => (PendingMembers, ChargedBytes) = (members, charged);

    /// <summary>The kept members, now read: the bytes go (their charge is released by <see cref="Uncharge"/>).</summary>
    public void Indexed(Dictionary<Snowflake, ulong[]> members) => (MemberRoles, PendingMembers) = (members, null);

    /// <summary>Takes the kept bytes' charge off the guild, for the caller to release; the bytes stay readable.</summary>
    public int Uncharge()
    {
        var charged = ChargedBytes;
        ChargedBytes = 0;
        return charged;
    }
}

/// <summary>A channel's type, parent and permission overwrites.</summary>
internal sealed record CachedChannel(Snowflake Id, int Type, Snowflake ParentId, Cortex.Discord.Permissions.ChannelOverwrite[] Overwrites);
