using Cortex.Discord.Gateway;

namespace Cortex.Gateway.Health;

/// <summary>A shard's answer to the health ping, given from its own loop.</summary>
/// <param name="ShardId">The shard.</param>
/// <param name="Status">Its connection status.</param>
/// <param name="WsPing">Heartbeat round trip, once measured.</param>
/// <param name="Guilds">Guilds of this shard in the cache.</param>
/// <param name="MemoryBytes">The process's managed heap (shards share one process).</param>
/// <param name="LastEventAge">Time since the shard last handled a dispatch.</param>
internal sealed record ShardHealth(int ShardId, ShardStatus Status, TimeSpan? WsPing, int Guilds, long MemoryBytes, TimeSpan? LastEventAge);
