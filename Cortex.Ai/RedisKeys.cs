using Cortex.Discord.Models;
using StackExchange.Redis;

namespace Cortex.Ai;

/// <summary>
/// Every Redis key the AI worker touches. Multi-key scripts keep their keys in one hash slot
/// (<c>{...}</c> tags), so they stay valid on a cluster. The prefix isolates tests sharing one server.
/// </summary>
public sealed class RedisKeys(string prefix = "")
{
    public string Prefix { get; } = prefix;

    /// <summary>The user's sliding window of call timestamps.</summary>
    public RedisKey UserCalls(Snowflake userId) => $"{Prefix}rl:ai:{{{userId}}}";

    /// <summary>The guild's tokens spent and held on one UTC day (yyyyMMdd).</summary>
    public RedisKey GuildTokens(Snowflake guildId, string day) => $"{Prefix}tokens:{{{guildId}:{day}}}";

    /// <summary>The channel's recent messages, scored by time, each with its token count.</summary>
    public RedisKey ChannelHistory(Snowflake channelId) => $"{Prefix}ctx:{channelId}";

    /// <summary>Processing state of one stream event, the idempotency key of a handler.</summary>
    public RedisKey EventState(string kind, ulong id) => $"{Prefix}ai:event:{kind}:{id}";

    /// <summary>Memory-extraction jobs waiting for any replica's worker (a stream read by one consumer group).</summary>
    public RedisKey MemoryJobs => $"{Prefix}ai:memory:jobs";
}
