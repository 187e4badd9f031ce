using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

/// <summary>
/// Threads in the cache: kept as channels (type 10, 11 or 12 with their parent), so a check or a lookup on
/// a thread resolves to the text channel it lives in. Private-thread membership is not kept: a check on a
/// private thread answers its parent's permissions, what a member of the thread holds.
/// </summary>
internal sealed partial class GuildCache
{
    /// <summary>The channel a check on <paramref name="channelId"/> reads: its parent for a thread, else itself; null when not cached.</summary>
    public Snowflake? ChannelOf(Snowflake guildId, Snowflake channelId)
    {
        if (!_guilds.TryGetValue(guildId, out var guild))
        {
            return null;
        }

        lock (guild.Sync)
        {
            return IndexParts(guild).Channels.ContainsKey(channelId) ? ParentOrSelf(guild, channelId) : null;
        }
    }

    private static bool IsThread(int type) => type is 10 or 11 or 12;

    private static Snowflake ParentOrSelf(CachedGuild guild, Snowflake channelId) =>
        guild.Channels.TryGetValue(channelId, out var channel) && IsThread(channel.Type) ? channel.ParentId : channelId;

    /// <summary>
    /// THREAD_LIST_SYNC: the threads of the channels named in <c>channel_ids</c> (of the whole guild when
    /// absent) are replaced by the active ones listed; threads of other channels stay.
    /// </summary>
    private static void SyncThreads(CachedGuild guild, JsonElement d)
    {
        HashSet<Snowflake>? parents = d.TryGetProperty("channel_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? [.. ids.EnumerateArray().Select(id => ParseId(id.GetString()))]
            : null;
        foreach (var stale in guild.Channels.Values.Where(c => IsThread(c.Type) && (parents is null || parents.Contains(c.ParentId))).Select(c => c.Id).ToList())
        {
            guild.Channels.Remove(stale);
        }

        foreach (var thread in Array(d, "threads"))
        {
            guild.Channels[IdOf(thread, "id")] = ReadChannel(thread);
        }
    }
}
