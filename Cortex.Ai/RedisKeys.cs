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
    public RedisKey UserCalls(ulong userId) => $"{Prefix}rl:ai:{{{userId}}}";

    /// <summary>The guild's tokens spent and held on one UTC day (yyyyMMdd).</summary>
    public RedisKey GuildTokens(ulong guildId, string day) => $"{Prefix}tokens:{{{guildId}:{day}}}";

    /// <summary>The channel's recent messages, scored by time, each with its token count.</summary>
    public RedisKey ChannelHistory(ulong channelId) => $"{Prefix}ctx:{channelId}";
}
