using Cortex.Discord.Models;

namespace Cortex.Events.Streams;

/// <summary>
/// How an event stream is split by guild so that no single key carries all traffic and a guild's events stay in
/// order: partition = hash(guild_id) mod <c>count</c>. With one partition the stream keeps its plain name (what Cortex
/// always used); with more, partition <c>p</c> of <c>cortex:events:messages</c> is <c>{cortex:events:messages:p}</c>,
/// its own hash tag, so a Redis Cluster spreads the partitions over its nodes while a partition's own keys (routing
/// marks, seen keys, dead letters: <see cref="EventStreams.SameSlot"/>) stay in its slot.
/// DMs (no guild) go to partition 0: both the gateway and the HTTP interactions endpoint can tell, and a bot's DMs are
/// few next to its guilds' traffic.
/// </summary>
public static class EventPartitions
{
    /// <summary>Most partitions per stream: each costs every consumer group one reader.</summary>
    public const int MaxCount = 1024;

    /// <summary>The stream key of <paramref name="partition"/> of <paramref name="baseName"/> split <paramref name="count"/> ways.</summary>
    public static string StreamOf(string baseName, int partition, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, count);
        return count == 1 ? baseName : "{" + baseName + ":" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }

    /// <summary>Every partition's stream key, partition 0 first.</summary>
    public static IEnumerable<string> All(string baseName, int count) =>
        Enumerable.Range(0, count).Select(partition => StreamOf(baseName, partition, count));

    /// <summary>
    /// The partition of a guild (0 for a DM, guild id 0). Snowflakes' low bits are a per-process counter, mostly
    /// small, so the id is mixed first (SplitMix64's finalizer) rather than taken mod the count.
    /// </summary>
    public static int Of(Snowflake guildId, int count)
    {
        if (count <= 1 || guildId.Value == 0)
        {
            return 0;
        }

        var x = guildId.Value;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x % (ulong)count);
    }

    /// <summary>Why a base name cannot be split <paramref name="count"/> ways, or null: braces would make every partition share one hash tag.</summary>
    public static string? Problem(string baseName, int count) =>
        count is < 1 or > MaxCount ? $"the partition count must be between 1 and {MaxCount} (it is {count})"
        : count > 1 && baseName.AsSpan().IndexOfAny('{', '}') >= 0 ? $"stream name '{baseName}' must not contain braces when it is split into {count} partitions"
        : null;
}
