using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

/// <summary>
/// What command checks need of a guild: its owner, role permissions, channel overwrites and members' roles. The members, and
/// the channels and roles, may still be GUILD_CREATE's bytes unread (<see cref="PendingMembers"/>, <see cref="PendingParts"/>):
/// only <see cref="GuildCache"/> reads these under <see cref="Sync"/>, and indexes them first.
/// </summary>
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

    /// <summary>Each role's permission bits; empty while the roles are still <see cref="PendingParts"/>.</summary>
    public Dictionary<Snowflake, ulong> RolePermissions { get; private set; } = rolePermissions ?? [];

    /// <summary>The channels and active threads; empty while they are still <see cref="PendingParts"/>.</summary>
    public Dictionary<Snowflake, CachedChannel> Channels { get; private set; } = channels ?? [];

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

    /// <summary>How much of the cache's <see cref="PendingMemberBudget"/> the kept members hold; 0 once released.</summary>
    public int ChargedBytes { get; private set; }

    /// <summary>
    /// GUILD_CREATE's <c>roles</c>, <c>channels</c> and <c>threads</c> arrays, bounded on arrival but not read: indexed into
    /// <see cref="RolePermissions"/> and <see cref="Channels"/> when first needed, under <see cref="Sync"/>. Null once indexed
    /// (or when they were read on arrival).
    /// </summary>
    public PendingGuildParts? PendingParts { get; private set; }

    /// <summary>How much of the budget the kept channels and roles hold (their copy, or the payload once the members are read); 0 once released.</summary>
    public int PartsChargedBytes { get; private set; }

    /// <summary>
    /// The kept channels or roles were not valid JSON when first read: none of either is cached, and every permission check on
    /// the guild is denied until its next GUILD_CREATE (GuildCache.Parts.cs).
    /// </summary>
    public bool PartsMalformed { get; private set; }

    /// <summary>Keeps a members array unread, charged to the budget by <paramref name="charged"/>: the bytes it keeps alive.</summary>
    public void KeepPending(ReadOnlyMemory<byte> members, int charged) => (PendingMembers, ChargedBytes) = (members, charged);

    /// <summary>The kept members, now read: the bytes go (their charge is released by <see cref="Uncharge"/>).</summary>
    public void Indexed(Dictionary<Snowflake, ulong[]> members) => (MemberRoles, PendingMembers) = (members, null);

    /// <summary>Takes the kept members' charge off the guild, for the caller to release or hand on; the bytes stay readable.</summary>
    public int Uncharge()
    {
        var charged = ChargedBytes;
        ChargedBytes = 0;
        return charged;
    }

    /// <summary>Keeps the channels and roles unread, charged to the budget by <paramref name="charged"/> (0 when they lie in the members' charged payload).</summary>
    public void KeepParts(PendingGuildParts parts, int charged) => (PendingParts, PartsChargedBytes) = (parts, charged);

    /// <summary>The kept members' payload charge, handed to the channels and roles still kept in it when the members are read.</summary>
    public void ChargeParts(int bytes) => PartsChargedBytes += bytes;

    /// <summary>The kept channels and roles, now read (<paramref name="malformed"/>: they could not be, and none are cached).</summary>
    public void PartsIndexed(Dictionary<Snowflake, ulong> roles, Dictionary<Snowflake, CachedChannel> channels, bool malformed) =>
        (RolePermissions, Channels, PendingParts, PartsMalformed) = (roles, channels, null, malformed);

    /// <summary>Takes the kept channels' and roles' charge off the guild, for the caller to release; the bytes stay readable.</summary>
    public int UnchargeParts()
    {
        var charged = PartsChargedBytes;
        PartsChargedBytes = 0;
        return charged;
    }
}

/// <summary>A channel's type, parent and permission overwrites.</summary>
internal sealed record CachedChannel(Snowflake Id, int Type, Snowflake ParentId, Cortex.Discord.Permissions.ChannelOverwrite[] Overwrites);
