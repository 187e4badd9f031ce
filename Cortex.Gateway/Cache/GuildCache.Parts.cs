using Microsoft.Extensions.Logging;

namespace Cortex.Gateway.Cache;

/// <summary>
/// Channels, threads and roles indexed when first needed, like the members: on GUILD_CREATE the walk bounds their arrays and
/// keeps them (<see cref="CachedGuild.PendingParts"/>) in the payload already held for the members, else copied while the budget
/// holds the copy; a guild beyond it has them read on arrival, as before. They are read, under the guild's lock, before anything
/// reads or changes them: a permission check, <see cref="Get"/>, <see cref="ChannelOf"/>, and every CHANNEL_*, THREAD_*,
/// GUILD_ROLE_* and GUILD_UPDATE, whose change then lands on what GUILD_CREATE sent. A guild that leaves the cache gives their
/// charge back unread.
/// <para>
/// Kept arrays that turn out not to be JSON (a GUILD_CREATE read whole on arrival is refused for that) cache no channel and no
/// role, log one warning, and make the guild deny: every permission check on it answers no permission, the owner's included,
/// until its next GUILD_CREATE replaces it. Answering from what is left would grant what an overwrite or a role meant to deny.
/// </para>
/// </summary>
internal sealed partial class GuildCache
{
    private long _pendingPartBytes;

    /// <summary>Bytes of channel, thread and role arrays kept unread now, across every shard (within the same budget as the members').</summary>
    public long PendingPartBytes => Volatile.Read(ref _pendingPartBytes);

    /// <summary>Reads the guild's kept channels and roles, if any (the caller holds the guild's lock); returns the guild.</summary>
    private CachedGuild IndexParts(CachedGuild guild)
    {
        if (guild.PendingParts is not { } pending)
        {
            return guild;
        }

        var parts = GuildCreateReader.IndexParts(pending);
        guild.PartsIndexed(parts?.Roles ?? [], parts?.Channels ?? [], malformed: parts is null);
        ReleasePartCharge(guild);
        if (parts is null)
        {
            LogMalformedParts(_logger, guild.Id.Value, guild.ShardId, pending.Bytes.Length);
        }

        return guild;
    }

    private void ReleasePartCharge(CachedGuild guild)
    {
        var charged = guild.UnchargeParts();
        if (charged > 0)
        {
            PartBytesKept(-charged);
            _budget.Release(charged);
        }
    }

    private void PartBytesKept(long delta)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref _pendingPartBytes, delta);
            _metrics?.PartBytesKept(delta);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guild {GuildId} (shard {ShardId}): its kept channels and roles ({Bytes} bytes) are not valid JSON; none is cached and every permission check on the guild is denied until its next GUILD_CREATE")]
    private static partial void LogMalformedParts(ILogger logger, ulong guildId, int shardId, int bytes);
}
