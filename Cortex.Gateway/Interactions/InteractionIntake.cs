using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Interactions;

/// <summary>
/// Puts a verified interaction on the interactions stream once, in its guild's partition (the one the gateway's own
/// INTERACTION_CREATE path picks): remembering its id and appending the entry happen in one script, so a replayed
/// delivery is dropped and a crash between the two cannot lose one.
/// </summary>
internal sealed class InteractionIntake(IConnectionMultiplexer redis, IOptions<GatewayOptions> gateway)
{
    /// <summary>How long an interaction id is remembered to drop replays: an interaction token lives 15 minutes.</summary>
    private static readonly long ReplayWindowMilliseconds = (long)TimeSpan.FromMinutes(15).TotalMilliseconds;

    private const string Script = """
        if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
          return redis.call('XADD', KEYS[2], '*',
            ARGV[2], 'INTERACTION_CREATE', ARGV[3], '-1', ARGV[4], '0', ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10])
        end
        return false
        """;

    /// <summary>
    /// The key that marks an interaction id as taken (shared with the gateway's own INTERACTION_CREATE path). It sits in
    /// the partition's hash slot (<c>{cortex:events:interactions}:seen:{id}</c> unpartitioned), so taking it and
    /// appending the entry stay one script on Redis Cluster.
    /// </summary>
    public string SeenKey(string interactionId, ulong guildId) => GatewayKeys.InteractionSeen(StreamOf(guildId), interactionId)!;

    /// <summary>Appends the interaction unless its id was seen; returns whether it was appended.</summary>
    /// <param name="guildId">The interaction's guild, 0 in a DM: its partition.</param>
    public async Task<bool> AcceptAsync(string interactionId, ulong guildId, ReadOnlyMemory<byte> payload)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Script,
            [SeenKey(interactionId, guildId), StreamOf(guildId)],
            [
                ReplayWindowMilliseconds,
                EventStreams.Fields.Type, EventStreams.Fields.Shard, EventStreams.Fields.Sequence,
                EventStreams.Fields.Id, interactionId, EventStreams.Fields.Guild, guildId, EventStreams.Fields.Payload, payload,
            ]);
        return !result.IsNull;
    }

    private string StreamOf(ulong guildId)
    {
        var o = gateway.Value;
        return EventPartitions.StreamOf(o.InteractionsStream, EventPartitions.Of(guildId, o.StreamPartitions), o.StreamPartitions);
    }
}
