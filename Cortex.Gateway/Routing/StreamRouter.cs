using Cortex.Gateway.Sharding;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Routing;

/// <summary>
/// Moves a batch of a shard's dispatches into the event streams in one atomic Redis script, which also
/// (1) refuses unless this replica still holds the shard's lease, so a replica that lost a shard can never
/// write for it, (2) skips dispatches at or below the shard's delivered sequence in the same session, so
/// replays after a resume, respawn or take-over are never delivered twice, and (3) saves
/// <c>session:{shardId}</c> with the new sequence: one round trip per batch, not one per event.
/// Appends carry no MAXLEN: a bound here would drop entries a lagging consumer group has not read;
/// <see cref="StreamTrimService"/> trims below what every group acknowledged instead.
/// An INTERACTION_CREATE also takes <c>cortex:interactions:seen:{id}</c> (the key the HTTP
/// interactions endpoint takes), so an interaction delivered both ways is handled once.
/// </summary>
internal sealed class StreamRouter(IConnectionMultiplexer redis, GatewayKeys keys, IOptions<GatewayOptions> options)
{
    public const int MessagesStream = 0;
    public const int InteractionsStream = 1;

    private const int FixedArguments = 10;

    /// <summary>How long an interaction id stays taken: its token's lifetime, after which nobody can answer it.</summary>
    private static readonly TimeSpan InteractionSeenFor = TimeSpan.FromMinutes(15);

    private const string RouteScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return {-1, 0, 0}
        end
        local delivered = redis.call('HMGET', KEYS[3], 'session', 'seq')
        local mark = 0
        if delivered[1] == ARGV[4] then
          mark = tonumber(delivered[2])
        end
        local added, skipped = 0, 0
        local seen = 5
        for i = 11, #ARGV, 5 do
          local seq = tonumber(ARGV[i + 2])
          local stream = tonumber(ARGV[i])
          local fresh = true
          if stream == 1 then
            seen = seen + 1
            if seq > mark then
              fresh = redis.call('SET', KEYS[seen], '1', 'NX', 'PX', ARGV[10]) ~= false
            end
          end
          if seq > mark and fresh then
            redis.call('XADD', KEYS[4 + stream], '*',
              't', ARGV[i + 1], 'shard', ARGV[7], 's', ARGV[i + 2], 'id', ARGV[i + 3], 'd', ARGV[i + 4])
            mark = seq
            added = added + 1
          else
            if seq > mark then
              mark = seq
            end
            skipped = skipped + 1
          end
        end
        local last = tonumber(ARGV[6])
        if last > mark then
          mark = last
        end
        redis.call('HSET', KEYS[3], 'session', ARGV[4], 'seq', mark)
        redis.call('PEXPIRE', KEYS[3], 86400000)
        local session = cjson.encode({sessionId = ARGV[4], resumeUrl = ARGV[2], lastSeq = mark, shardCount = tonumber(ARGV[8]), savedAt = tonumber(ARGV[9])})
        redis.call('SET', KEYS[2], session, 'PX', ARGV[3])
        return {added, skipped, mark}
        """;

    private readonly GatewayOptions _options = options.Value;

    /// <summary>Routes <paramref name="events"/> (in sequence order) and records <paramref name="lastSequence"/> as handled.</summary>
    /// <exception cref="LeaseLostException">Another replica owns the shard now; nothing was written.</exception>
    public async Task<RouteResult> RouteAsync(RouteBatch batch, IReadOnlyList<RoutedEvent> events, int lastSequence)
    {
        var arguments = new RedisValue[FixedArguments + (events.Count * 5)];
        arguments[0] = _options.ResolvedReplicaId;
        arguments[1] = batch.ResumeUrl.OriginalString;
        arguments[2] = (long)_options.SessionTtl.TotalMilliseconds;
        arguments[3] = batch.SessionId;
        arguments[4] = 0; // unused: trimming is StreamTrimService's, off this path
        arguments[5] = lastSequence;
        arguments[6] = batch.ShardId;
        arguments[7] = batch.ShardCount;
        arguments[8] = batch.SavedAt.ToUnixTimeMilliseconds();
        arguments[9] = (long)InteractionSeenFor.TotalMilliseconds;
        List<RedisKey> redisKeys = [keys.Lease(batch.ShardId), keys.Session(batch.ShardId), keys.Delivered(batch.ShardId), _options.MessagesStream, _options.InteractionsStream];
        var i = FixedArguments;
        foreach (var routed in events)
        {
            if (routed.Stream == InteractionsStream)
            {
                redisKeys.Add(InteractionSeenKey(routed.Id));
            }

            arguments[i++] = routed.Stream;
            arguments[i++] = routed.EventName;
            arguments[i++] = routed.Sequence;
            arguments[i++] = routed.Id;
            arguments[i++] = routed.Data;
        }

        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            RouteScript,
            [.. redisKeys],
            arguments))!;
        var added = (long)result[0];
        if (added < 0)
        {
            throw new LeaseLostException(batch.ShardId);
        }

        return new RouteResult(added, (long)result[1], (int)(long)result[2]);
    }

    /// <summary>The same key as the HTTP endpoint's <c>InteractionIntake.SeenKey</c>.</summary>
    private static string InteractionSeenKey(ulong interactionId) =>
        Interactions.InteractionIntake.SeenKey(interactionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The session a batch belongs to.</summary>
internal readonly record struct RouteBatch(int ShardId, int ShardCount, string SessionId, Uri ResumeUrl, DateTimeOffset SavedAt);

/// <summary>One dispatch bound for a stream: the stream index, and the entry's fields.</summary>
internal readonly record struct RoutedEvent(int Stream, string EventName, int Sequence, ulong Id, ReadOnlyMemory<byte> Data);

/// <summary>Entries added, replays skipped, and the shard's delivered sequence after the batch.</summary>
internal readonly record struct RouteResult(long Added, long Skipped, int Delivered);

/// <summary>This replica no longer holds the shard's lease.</summary>
internal sealed class LeaseLostException : Exception
{
    public LeaseLostException(int shardId)
        : base($"Shard {shardId}'s lease is held by another replica.")
    {
    }

    public LeaseLostException()
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
