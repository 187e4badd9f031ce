namespace Cortex.Discord.Gateway;

/// <summary>Limits Discord enforces on a gateway connection.</summary>
public static class GatewayLimits
{
    /// <summary>Payloads a client may send per connection per <see cref="SendWindow"/>.</summary>
    public const int SendsPerWindow = 120;

    /// <summary>The window of the send limit.</summary>
    public static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(60);

    /// <summary>The largest payload a client may send, in bytes (encoded).</summary>
    public const int MaxSendPayloadBytes = 4096;

    /// <summary>How often each identify bucket (<c>shard_id % max_concurrency</c>) may identify.</summary>
    public static readonly TimeSpan IdentifyWindow = TimeSpan.FromSeconds(5);

    /// <summary>The most guilds one shard may hold before Discord demands sharding (4011).</summary>
    public const int MaxGuildsPerShard = 2500;

    /// <summary>The shard a guild's events go to: <c>(guild_id &gt;&gt; 22) % num_shards</c>.</summary>
    public static int ShardFor(ulong guildId, int shardCount) => (int)((guildId >> 22) % (ulong)shardCount);
}
