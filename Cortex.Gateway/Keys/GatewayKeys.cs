using Cortex.Events.Streams;
using StackExchange.Redis;

namespace Cortex.Gateway.Keys;

/// <summary>
/// The Redis keys the gateway owns, laid out for Redis Cluster: a shard's keys share the hash tag <c>{shardId}</c>
/// (one slot per shard, so its lease and session go in one script), the identify keys share <c>{identify}</c>, and a
/// stream's routing marks sit in the stream's own slot (<see cref="EventStreams.SameSlot"/>).
/// The event streams are named by options, not here.
/// </summary>
internal sealed class GatewayKeys(string prefix)
{
    /// <summary><c>{sessionId, resumeUrl, lastSeq, shardCount, savedAt}</c> of a shard, TTL 90 s.</summary>
    public RedisKey Session(int shardId) => $"{prefix}session:{{{shardId}}}";

    /// <summary>Which replica owns a shard.</summary>
    public RedisKey Lease(int shardId) => $"{prefix}lease:{{{shardId}}}";

    /// <summary>
    /// The routing high-water mark of a shard in one stream, <c>{session, seq}</c> of the last dispatch appended
    /// there, kept in the stream's slot so the append and the mark move in one script.
    /// </summary>
    public static RedisKey Delivered(string stream, int shardId) => EventStreams.SameSlot(stream, $"delivered:{shardId}");

    /// <summary>An interaction taken (over the gateway or HTTP), in the interactions stream's slot.</summary>
    public static RedisKey InteractionSeen(string stream, string interactionId) => EventStreams.SameSlot(stream, "seen:" + interactionId);

    /// <summary>
    /// The owner's last report of a shard's live state (<see cref="Status.ShardReport"/>), TTL = lease time, so
    /// any replica's /shards can show every shard and a dead replica's reports lapse with its leases.
    /// </summary>
    public RedisKey Report(int shardId) => $"{prefix}shard:report:{{{shardId}}}";

    /// <summary>Live replicas: member = replica id, score = when its registration lapses (unix ms).</summary>
    public RedisKey Replicas => $"{prefix}gateway:replicas";

    /// <summary>The identify slot of a bucket (<c>shard_id % max_concurrency</c>), in one slot with the day's count.</summary>
    public RedisKey IdentifyBucket(int bucket) => $"{prefix}{{identify}}:bucket:{bucket}";

    /// <summary>Session starts left today (<c>session_start_limit.remaining</c>), expiring at the reset.</summary>
    public RedisKey SessionStartsRemaining => $"{prefix}{{identify}}:remaining";

    /// <summary>Operator commands (respawn) published to every replica; the owner acts.</summary>
    public RedisChannel Control => RedisChannel.Literal($"{prefix}gateway:control");
}
