using System.Diagnostics.Metrics;

namespace Cortex.Gateway.Metrics;

/// <summary>
/// The seed's bottleneck profiler as OpenTelemetry instruments on the meter "Cortex.Gateway", one per
/// stage of the pipeline (receive → decode → intent filter → cache → route), tagged by shard.
/// Durations are in milliseconds. The per-dispatch stages (receive lag, decode, handler) are recorded once per batch the
/// shard's loop takes up: a histogram update per dispatch cost more of the gateway's CPU than the reads it timed (issue 19).
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Cortex.Gateway";

    private static readonly InstrumentAdvice<double> FastBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000],
    };

    private static readonly object[] BoxedShards = [.. Enumerable.Range(0, 1024).Select(shard => (object)shard)];

    private readonly Histogram<double> _receiveLag;
    private readonly Histogram<double> _decode;
    private readonly Counter<long> _dropped;
    private readonly Histogram<double> _cacheWrite;
    private readonly Histogram<double> _handler;
    private readonly Histogram<double> _routeBatch;
    private readonly Histogram<long> _routeBatchSize;
    private readonly Counter<long> _routed;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _threadPoolLag;
    private readonly Histogram<double> _gen2Pause;
    private readonly Counter<long> _degraded;
    private readonly Counter<long> _respawns;
    private readonly Histogram<double> _identifyWait;
    private readonly Histogram<double> _wsPing;
    private readonly UpDownCounter<long> _memberBytesKept;
    private readonly UpDownCounter<long> _partBytesKept;
    private readonly Counter<long> _membersIndexed;
    private readonly Histogram<double> _membersIndex;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _receiveLag = meter.CreateHistogram<double>("cortex.gateway.receive.lag", "ms", "Per batch the shard's loop takes up: how long its oldest dispatch waited between the socket and the loop.", advice: FastBuckets);
        _decode = meter.CreateHistogram<double>("cortex.gateway.decode.duration", "ms", "Per batch: time to read the routing fields (id, guild_id) its dispatches need (none unless one goes to a stream or its intent depends on guild vs. DM).", advice: FastBuckets);
        _dropped = meter.CreateCounter<long>("cortex.gateway.events.dropped", "{event}", "Dispatches dropped because they need an intent the gateway is not configured for.");
        _cacheWrite = meter.CreateHistogram<double>("cortex.gateway.cache.write.duration", "ms", "Time to apply a dispatch to the guild cache.", advice: FastBuckets);
        _handler = meter.CreateHistogram<double>("cortex.gateway.handler.duration", "ms", "Per routed batch: time from its dispatches leaving the receive buffer to their entries in the streams, the same for each of them (p99 on the dashboard).", advice: FastBuckets);
        _routeBatch = meter.CreateHistogram<double>("cortex.gateway.route.batch.duration", "ms", "One Redis round trip: stream entries, dedupe mark and session save together.", advice: FastBuckets);
        _routeBatchSize = meter.CreateHistogram<long>("cortex.gateway.route.batch.size", "{event}", "Dispatches per routing round trip (saving the session is coalesced per batch).");
        _routed = meter.CreateCounter<long>("cortex.gateway.events.routed", "{event}", "Dispatches added to an event stream.");
        _duplicates = meter.CreateCounter<long>("cortex.gateway.events.duplicates", "{event}", "Replayed dispatches already in the streams, skipped.");
        _threadPoolLag = meter.CreateHistogram<double>("cortex.gateway.threadpool.lag", "ms", "Thread-pool scheduling delay, sampled every 500 ms (the seed's event-loop lag).", advice: FastBuckets);
        _gen2Pause = meter.CreateHistogram<double>("cortex.gateway.gc.gen2.pause", "ms", "Pause time of each gen-2 garbage collection.", advice: FastBuckets);
        _degraded = meter.CreateCounter<long>("cortex.gateway.shard.degraded", "{event}", "shardDegraded: heartbeat latency above the threshold at a health check.");
        _respawns = meter.CreateCounter<long>("cortex.gateway.shard.respawns", "{respawn}", "Shards drained, closed resumably and re-enqueued.");
        _identifyWait = meter.CreateHistogram<double>("cortex.gateway.identify.wait", "ms", "Time a shard waited for its identify slot.");
        _wsPing = meter.CreateHistogram<double>("cortex.gateway.shard.ws_ping", "ms", "Heartbeat latency reported at each health check.");
        _memberBytesKept = meter.CreateUpDownCounter<long>("cortex.gateway.cache.members.pending", "By", "Bytes of GUILD_CREATE member lists kept unread until a guild's members are first needed (at most Gateway:DeferredMemberBytes).");
        _partBytesKept = meter.CreateUpDownCounter<long>("cortex.gateway.cache.parts.pending", "By", "Bytes of GUILD_CREATE channel, thread and role arrays kept unread until a guild's channels or roles are first needed (within Gateway:DeferredMemberBytes with the member lists).");
        _membersIndexed = meter.CreateCounter<long>("cortex.gateway.cache.members.indexed", "{guild}", "Guilds whose member lists were read: when=first_use (kept, then read at a permission check or GUILD_MEMBER_*; result=malformed when the kept list was not valid JSON and no member was taken) or when=arrival (beyond the budget, or no budget).");
        _membersIndex = meter.CreateHistogram<double>("cortex.gateway.cache.members.index.duration", "ms", "Time to read a guild's kept member list at its first use, under the guild's lock.", advice: FastBuckets);
    }

    public void ReceiveLag(int shard, TimeSpan lag) => _receiveLag.Record(lag.TotalMilliseconds, Shard(shard));

    public void Decoded(int shard, TimeSpan elapsed) => _decode.Record(elapsed.TotalMilliseconds, Shard(shard));

    public void Dropped(int shard, string eventName) =>
        _dropped.Add(1, new KeyValuePair<string, object?>("shard", shard), new KeyValuePair<string, object?>("event", eventName), new KeyValuePair<string, object?>("reason", "intents"));

    public void CacheWritten(int shard, TimeSpan elapsed) => _cacheWrite.Record(elapsed.TotalMilliseconds, Shard(shard));

    public void Handled(int shard, TimeSpan elapsed) => _handler.Record(elapsed.TotalMilliseconds, Shard(shard));

    public void RouteBatch(int shard, int size, long routed, long duplicates, TimeSpan elapsed)
    {
        var tag = Shard(shard);
        _routeBatch.Record(elapsed.TotalMilliseconds, tag);
        _routeBatchSize.Record(size, tag);
        if (routed > 0)
        {
            _routed.Add(routed, tag);
        }

        if (duplicates > 0)
        {
            _duplicates.Add(duplicates, tag);
        }
    }

    public void ThreadPoolLag(TimeSpan lag) => _threadPoolLag.Record(lag.TotalMilliseconds);

    public void Gen2Pause(TimeSpan pause) => _gen2Pause.Record(pause.TotalMilliseconds);

    public void Degraded(int shard) => _degraded.Add(1, Shard(shard));

    public void Respawned(int shard) => _respawns.Add(1, Shard(shard));

    public void IdentifyWaited(int shard, TimeSpan elapsed) => _identifyWait.Record(elapsed.TotalMilliseconds, Shard(shard));

    public void WsPing(int shard, TimeSpan latency) => _wsPing.Record(latency.TotalMilliseconds, Shard(shard));

    public void MemberBytesKept(long delta) => _memberBytesKept.Add(delta);

    public void PartBytesKept(long delta) => _partBytesKept.Add(delta);

    public void MembersIndexedOnUse(int shard, TimeSpan elapsed, bool malformed)
    {
        var tag = Shard(shard);
        _membersIndex.Record(elapsed.TotalMilliseconds, tag);
        _membersIndexed.Add(1, tag, new KeyValuePair<string, object?>("when", "first_use"), new KeyValuePair<string, object?>("result", malformed ? "malformed" : "ok"));
    }

    public void MembersIndexedOnArrival(int shard) =>
        _membersIndexed.Add(1, Shard(shard), new KeyValuePair<string, object?>("when", "arrival"), new KeyValuePair<string, object?>("result", "ok"));

    // Several records per dispatch: the tag's boxed shard id is made once, not per record.
    private static KeyValuePair<string, object?> Shard(int shard) =>
        new("shard", (uint)shard < (uint)BoxedShards.Length ? BoxedShards[shard] : shard);
}
