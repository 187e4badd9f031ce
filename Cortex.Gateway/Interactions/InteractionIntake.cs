using Cortex.Events.Streams;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Interactions;

/// <summary>
/// Puts a verified interaction on <see cref="EventStreams.Interactions"/> once: remembering its id and
/// appending the entry happen in one script, so a replayed delivery is dropped and a crash between
/// the two cannot lose one.
/// </summary>
public sealed class InteractionIntake(IConnectionMultiplexer redis, IOptions<InteractionsOptions> options)
{
    /// <summary>
    /// The key that marks an interaction id as taken (shared with the gateway's own INTERACTION_CREATE path). It sits in
    /// the interactions stream's hash slot (<c>{cortex:events:interactions}:seen:{id}</c>), so taking it and appending
    /// the entry stay one script on Redis Cluster.
    /// </summary>
    public static string SeenKey(string interactionId) => Sharding.GatewayKeys.InteractionSeen(EventStreams.Interactions, interactionId)!;

    private const string Script = """
        if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
          return redis.call('XADD', KEYS[2], '*',
            ARGV[2], 'INTERACTION_CREATE', ARGV[3], '-1', ARGV[4], '0', ARGV[5], ARGV[6], ARGV[7], ARGV[8])
        end
        return false
        """;

    /// <summary>Appends the interaction unless its id was seen; returns whether it was appended.</summary>
    public async Task<bool> AcceptAsync(string interactionId, ReadOnlyMemory<byte> payload)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Script,
            [SeenKey(interactionId), EventStreams.Interactions],
            [
                (long)options.Value.ReplayWindow.TotalMilliseconds,
                EventStreams.Fields.Type, EventStreams.Fields.Shard, EventStreams.Fields.Sequence,
                EventStreams.Fields.Id, interactionId, EventStreams.Fields.Payload, payload,
            ]);
        return !result.IsNull;
    }
}
