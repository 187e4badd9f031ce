using StackExchange.Redis;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// One partition of the stage 2-3 backlog: <c>mod:deep:{p3}:due</c>, <c>:jobs</c>, <c>:guilds</c>. The <c>{p3}</c>
/// hash tag keeps a partition's keys in one Redis Cluster slot; different partitions land on different nodes.
/// </summary>
internal readonly record struct BacklogPartition(RedisKey Due, RedisKey Jobs, RedisKey Guilds)
{
    public static BacklogPartition Of(string prefix, int partition)
    {
        var tag = $"{prefix}mod:deep:{{p{partition}}}:";
        return new(tag + "due", tag + "jobs", tag + "guilds");
    }

    /// <summary>
    /// The partition of a guild. Snowflakes' low bits (per-millisecond increment) are mostly zero, so the id is mixed
    /// (Fibonacci hashing) before it is reduced.
    /// </summary>
    public static int Index(ulong guildId, int partitions) => (int)((guildId * 0x9E3779B97F4A7C15UL >> 32) % (ulong)partitions);
}
