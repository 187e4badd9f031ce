using System.Buffers;
using System.Globalization;
using Cortex.Discord.Gateway;
using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Routing;

/// <summary>
/// Moves a batch of a shard's dispatches into the event streams, in two steps that each stay in one Redis Cluster
/// hash slot (<see cref="RouteScripts"/>):
/// (1) the fence, in the shard's slot: refuses unless this replica still holds the shard's lease, so a replica that
/// lost a shard stops before writing for it, and saves <c>session:{shardId}</c> at the sequence already routed
/// (<see cref="RouteBatch.Confirmed"/>, one batch behind: never past what is in the streams);
/// (2) one append per stream partition (<see cref="EventPartitions"/>: a guild's events always in one partition, so
/// in order), in the partition's slot: skips dispatches at or below the shard's mark in that partition (same session), so replays after a resume, respawn, take-over or a crash between the steps are never delivered
/// twice. An INTERACTION_CREATE also takes its seen key there (the key the HTTP interactions endpoint takes), so an
/// interaction delivered both ways is handled once. Two round trips per batch (the appends go out together), never one
/// per event.
/// Appends carry no MAXLEN: a bound here would drop entries a lagging consumer group has not read;
/// <see cref="StreamTrimService"/> trims below what every group acknowledged instead.
/// </summary>
internal sealed class StreamRouter(IConnectionMultiplexer redis, GatewayKeys keys, IOptions<GatewayOptions> options)
{
    public const int MessagesStream = 0;
    public const int InteractionsStream = 1;
    public const int GuildsStream = 2;

    /// <summary>How long an interaction id stays taken: its token's lifetime, after which nobody can answer it.</summary>
    private static readonly TimeSpan InteractionSeenFor = TimeSpan.FromMinutes(15);

    private readonly GatewayOptions _options = options.Value;

    /// <summary>Routes <paramref name="events"/> (in sequence order) and records <paramref name="lastSequence"/> as handled.</summary>
    /// <exception cref="LeaseLostException">Another replica owns the shard now; nothing was written.</exception>
    public async Task<RouteResult> RouteAsync(RouteBatch batch, IReadOnlyList<RoutedEvent> events, int lastSequence)
    {
        var database = redis.GetDatabase();
        // With nothing to append, the whole batch is handled once fenced; otherwise the session waits for the appends.
        var saved = events.Count == 0 ? lastSequence : batch.Confirmed;
        var fenced = (long)await database.ScriptEvaluateAsync(RouteScripts.Fence, [keys.Lease(batch.ShardId), keys.Session(batch.ShardId)],
        [
            _options.ResolvedReplicaId,
            StoredSession.Serialize(new ShardSession(batch.ShardId, batch.ShardCount, batch.SessionId, batch.ResumeUrl, saved, batch.SavedAt)),
            (long)_options.SessionTtl.TotalMilliseconds,
        ]);
        if (fenced < 0)
        {
            throw new LeaseLostException(batch.ShardId);
        }

        var partitions = _options.StreamPartitions;
        // Bucket = stream * partitions + partition: one append script per bucket present in the batch, sent together.
        var buckets = ArrayPool<int>.Shared.Rent(Math.Max(1, events.Count));
        try
        {
            var appends = new List<Task<(long Added, long Skipped, int Mark)>>(2);
            for (var i = 0; i < events.Count; i++)
            {
                buckets[i] = (events[i].Stream * partitions) + EventPartitions.Of(events[i].GuildId, partitions);
            }

            for (var i = 0; i < events.Count; i++)
            {
                if (Array.IndexOf(buckets, buckets[i], 0, i) < 0)
                {
                    appends.Add(AppendAsync(database, batch, events, buckets, buckets[i], partitions));
                }
            }

            long added = 0, skipped = 0;
            var delivered = lastSequence;
            foreach (var append in appends)
            {
                var (a, s, mark) = await append;
                (added, skipped, delivered) = (added + a, skipped + s, Math.Max(delivered, mark));
            }

            return new RouteResult(added, skipped, delivered);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buckets);
        }
    }

    private string StreamName(int stream) => stream switch
    {
        MessagesStream => _options.MessagesStream,
        InteractionsStream => _options.InteractionsStream,
        _ => _options.GuildsStream,
    };

    // buckets[i] is events[i]'s bucket.
    private async Task<(long Added, long Skipped, int Mark)> AppendAsync(IDatabase database, RouteBatch batch, IReadOnlyList<RoutedEvent> events, int[] buckets, int bucket, int partitions)
    {
        var count = 0;
        for (var i = 0; i < events.Count; i++)
        {
            count += buckets[i] == bucket ? 1 : 0;
        }

        var stream = bucket / partitions;
        var streamKey = EventPartitions.StreamOf(StreamName(stream), bucket % partitions, partitions);
        var seenTtl = stream == InteractionsStream ? (long)InteractionSeenFor.TotalMilliseconds : 0;
        var redisKeys = new RedisKey[2 + (seenTtl > 0 ? count : 0)];
        redisKeys[0] = streamKey;
        redisKeys[1] = GatewayKeys.Delivered(streamKey, batch.ShardId);
        var arguments = new RedisValue[3 + (count * 5)];
        arguments[0] = batch.SessionId;
        arguments[1] = batch.ShardId;
        arguments[2] = seenTtl;
        int k = 2, a = 3;
        for (var i = 0; i < events.Count; i++)
        {
            var routed = events[i];
            if (buckets[i] != bucket)
            {
                continue;
            }

            if (seenTtl > 0)
            {
                redisKeys[k++] = GatewayKeys.InteractionSeen(streamKey, routed.Id.ToString(CultureInfo.InvariantCulture));
            }

            arguments[a++] = routed.EventName;
            arguments[a++] = routed.Sequence;
            arguments[a++] = routed.Id;
            arguments[a++] = routed.GuildId;
            arguments[a++] = routed.Data;
        }

        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RouteScripts.Append, redisKeys, arguments))!;
        return ((long)result[0], (long)result[1], (int)(long)result[2]);
    }
}

/// <summary>The session a batch belongs to, and the sequence already routed in it (what the fence saves).</summary>
internal readonly record struct RouteBatch(int ShardId, int ShardCount, string SessionId, Uri ResumeUrl, DateTimeOffset SavedAt, int Confirmed = 0);

/// <summary>One dispatch bound for a stream: the stream index, and the entry's fields (guild 0: a DM, partition 0).</summary>
internal readonly record struct RoutedEvent(int Stream, string EventName, int Sequence, ulong Id, ReadOnlyMemory<byte> Data, ulong GuildId = 0);

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
