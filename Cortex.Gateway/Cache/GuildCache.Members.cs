using System.Diagnostics;
using Cortex.Discord.Models;
using Microsoft.Extensions.Logging;

namespace Cortex.Gateway.Cache;

/// <summary>
/// Members indexed when first needed. On GUILD_CREATE the walk bounds the <c>members</c> array and keeps its bytes
/// (<see cref="CachedGuild.PendingMembers"/>) while the process's budget of such bytes holds them; the first permission check or
/// GUILD_MEMBER_* of the guild reads them, under the guild's lock, with the walk that read them on arrival before. Most guilds
/// are never checked between two GUILD_CREATEs, and members were about two thirds of a guild's walk. A guild beyond the budget
/// is indexed on arrival, as before.
/// </summary>
internal sealed partial class GuildCache
{
    private long _pendingMemberBytes;

    /// <summary>Bytes of member lists kept unread now, across every shard (the channels' and roles' are <see cref="PendingPartBytes"/>).</summary>
    public long PendingMemberBytes => Volatile.Read(ref _pendingMemberBytes);

    /// <summary>A copy of a guild's members and their role ids, indexed first when still kept; null when the guild is not cached.</summary>
    public Dictionary<Snowflake, ulong[]>? MembersOf(Snowflake guildId)
    {
        if (!_guilds.TryGetValue(guildId, out var guild))
        {
            return null;
        }

        lock (guild.Sync)
        {
            return new(IndexMembers(guild).MemberRoles);
        }
    }

    /// <summary>Reads the guild's kept members, if any (the caller holds the guild's lock); returns the guild.</summary>
    private CachedGuild IndexMembers(CachedGuild guild)
    {
        if (guild.PendingMembers is not { } pending)
        {
            return guild;
        }

        var started = Stopwatch.GetTimestamp();
        var members = GuildCreateReader.IndexMembers(pending.Span);
        guild.Indexed(members ?? []);
        ReleaseMemberCharge(guild);
        _metrics?.MembersIndexedOnUse(guild.ShardId, Stopwatch.GetElapsedTime(started), malformed: members is null);
        if (members is null)
        {
            LogMalformedMembers(_logger, guild.Id.Value, guild.ShardId, pending.Length);
        }

        return guild;
    }

    /// <summary>Counts a new guild's kept bytes, or its members read on arrival (beyond the budget, or no budget).</summary>
    private void Arrived(CachedGuild guild)
    {
        PartBytesKept(guild.PartsChargedBytes);
        if (guild.ChargedBytes > 0)
        {
            Interlocked.Add(ref _pendingMemberBytes, guild.ChargedBytes);
            _metrics?.MemberBytesKept(guild.ChargedBytes);
        }
        else if (guild.MemberRoles.Count > 0)
        {
            _metrics?.MembersIndexedOnArrival(guild.ShardId);
        }
    }

    /// <summary>
    /// A guild leaves the cache (replaced, deleted, its shard forgotten): its kept bytes, members', channels' and roles', leave the
    /// budget. They stay on the guild, so a reader that took it just before still reads them; nothing is charged twice.
    /// </summary>
    private void Release(CachedGuild guild)
    {
        lock (guild.Sync)
        {
            ReleaseMemberCharge(guild);
            ReleasePartCharge(guild);
        }
    }

    /// <summary>
    /// The kept members' charge leaves them. When channels or roles still unread lie in the same held payload, the payload stays
    /// alive for them: its charge passes to them, and leaves the budget only with theirs.
    /// </summary>
    private void ReleaseMemberCharge(CachedGuild guild)
    {
        var charged = guild.Uncharge();
        if (charged <= 0)
        {
            return;
        }

        Interlocked.Add(ref _pendingMemberBytes, -charged);
        _metrics?.MemberBytesKept(-charged);
        if (guild.PendingParts is { HeldWithMembers: true })
        {
            guild.ChargeParts(charged);
            PartBytesKept(charged);
        }
        else
        {
            _budget.Release(charged);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guild {GuildId} (shard {ShardId}): its kept members list ({Bytes} bytes) is not valid JSON; no member of it is cached until GUILD_MEMBER_* or the next GUILD_CREATE brings them")]
    private static partial void LogMalformedMembers(ILogger logger, ulong guildId, int shardId, int bytes);
}
