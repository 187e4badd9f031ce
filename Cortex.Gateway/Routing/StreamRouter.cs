using System.Runtime.InteropServices;
using Cortex.Discord.Gateway;
using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Routing;

/// <summary>
/// Moves a batch of a shard's dispatches into the event streams. Every batch is fenced: refused unless this replica still
/// holds the shard's lease, so a replica that lost a shard stops before writing for it; and it saves <c>session:{shardId}</c>,
/// never past what is in the streams. One append per stream partition (<see cref="EventPartitions"/>: a guild's events always
/// in one partition, so in order) skips dispatches at or below the shard's mark in that partition (same session), so replays
/// after a resume, respawn, take-over or a crash are never delivered twice. An INTERACTION_CREATE also takes its seen key
/// there (the key the HTTP interactions endpoint takes), so an interaction delivered both ways is handled once.
/// On a single Redis all of it is one script (<see cref="RouteScripts.Append"/>, fenced): one round trip per batch, the
/// session saved at the batch's last sequence after its appends. A Redis Cluster cannot run a script over keys of several
/// slots (the shard's, each partition's), so there the fence runs first, saving the session at the sequence already routed
/// (<see cref="RouteBatch.Confirmed"/>, one batch behind), then the partitions' appends, sent together: two round trips.
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
    private bool? _singleRedis;

    /// <summary>Routes <paramref name="events"/> (in sequence order) and records <paramref name="lastSequence"/> as handled.</summary>
    /// <exception cref="LeaseLostException">Another replica owns the shard now; nothing was written.</exception>
    public async Task<RouteResult> RouteAsync(RouteBatch batch, IReadOnlyList<RoutedEvent> events, int lastSequence)
    {
        var database = redis.GetDatabase();
        if (events.Count > 0 && SingleRedis())
        {
            var (added, skipped, mark) = await Fenced(batch, AsSpan(events), lastSequence).RunAsync(database)
                ?? throw new LeaseLostException(batch.ShardId);
            return new RouteResult(added, skipped, Math.Max(lastSequence, mark));
        }

        // With nothing to append, the whole batch is handled once fenced; otherwise the session waits for the appends.
        var fenced = (long)await database.ScriptEvaluateAsync(RouteScripts.Fence, [keys.Lease(batch.ShardId), keys.Session(batch.ShardId)],
        [
            _options.ResolvedReplicaId,
            SessionAt(batch, events.Count == 0 ? lastSequence : batch.Confirmed),
            (long)_options.SessionTtl.TotalMilliseconds,
        ]);
        if (fenced < 0)
        {
            throw new LeaseLostException(batch.ShardId);
        }

        var appends = Unfenced(batch, AsSpan(events)).ConvertAll(call => call.RunAsync(database));
        long total = 0, totalSkipped = 0;
        var delivered = lastSequence;
        foreach (var append in appends)
        {
            var (a, s, m) = (await append).GetValueOrDefault();
            (total, totalSkipped, delivered) = (total + a, totalSkipped + s, Math.Max(delivered, m));
        }

        return new RouteResult(total, totalSkipped, delivered);
    }

    // The calls are built before the first await, over the caller's list as a span: indexing an IReadOnlyList<RoutedEvent>
    // was an interface call and a copy of the whole event, four times per event (buckets, sizes, count, write).
    private static ReadOnlySpan<RoutedEvent> AsSpan(IReadOnlyList<RoutedEvent> events) => events switch
    {
        List<RoutedEvent> list => CollectionsMarshal.AsSpan(list),
        RoutedEvent[] array => array,
        _ => events.ToArray(),
    };

    private AppendCall Fenced(RouteBatch batch, ReadOnlySpan<RoutedEvent> events, int lastSequence)
    {
        var partitions = _options.StreamPartitions;
        using var buckets = new BatchBuckets(events, partitions);
        var call = AppendCall.Fenced(batch, events, buckets.Of, keys.Lease(batch.ShardId), keys.Session(batch.ShardId), _options.ResolvedReplicaId,
            SessionAt(batch, lastSequence), (long)_options.SessionTtl.TotalMilliseconds);
        foreach (var bucket in buckets.Distinct)
        {
            AddPartition(call, batch, events, buckets.Of, bucket, partitions);
        }

        return call;
    }

    // One call per partition of the batch, in order of first appearance (a cluster: each in its partition's slot).
    private List<AppendCall> Unfenced(RouteBatch batch, ReadOnlySpan<RoutedEvent> events)
    {
        var partitions = _options.StreamPartitions;
        using var buckets = new BatchBuckets(events, partitions);
        var calls = new List<AppendCall>(buckets.Distinct.Length);
        foreach (var bucket in buckets.Distinct)
        {
            var call = AppendCall.Unfenced(batch, events, buckets.Of, bucket);
            AddPartition(call, batch, events, buckets.Of, bucket, partitions);
            calls.Add(call);
        }

        return calls;
    }

    private void AddPartition(AppendCall call, RouteBatch batch, ReadOnlySpan<RoutedEvent> events, ReadOnlySpan<int> buckets, int bucket, int partitions)
    {
        var stream = bucket / partitions;
        var streamKey = EventPartitions.StreamOf(StreamName(stream), bucket % partitions, partitions);
        call.AddPartition(streamKey, batch.ShardId, stream == InteractionsStream ? InteractionSeenFor : TimeSpan.Zero, events, buckets, bucket);
    }

    private static byte[] SessionAt(RouteBatch batch, int sequence) =>
        StoredSession.Serialize(new ShardSession(batch.ShardId, batch.ShardCount, batch.SessionId, batch.ResumeUrl, sequence, batch.SavedAt));

    // Every server a plain Redis (not a cluster node, not a proxy). Unknown until connected: the two-step path works everywhere.
    private bool SingleRedis()
    {
        if (_singleRedis is { } known)
        {
            return known;
        }

        var servers = redis.GetServers();
        if (servers.Length == 0 || !servers.All(server => server.IsConnected))
        {
            return false;
        }

        _singleRedis = servers.All(server => server.ServerType == ServerType.Standalone);
        return _singleRedis.Value;
    }

    private string StreamName(int stream) => stream switch
    {
        MessagesStream => _options.MessagesStream,
        InteractionsStream => _options.InteractionsStream,
        _ => _options.GuildsStream,
    };
}
