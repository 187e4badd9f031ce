using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Cortex.Events.Streams;

namespace Cortex.Gateway.Configuration;

/// <summary>
/// The shard manager's knobs, bound from <c>Gateway</c>. Defaults are the seed's timings; tests shorten them.
/// </summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The default of <see cref="DeferredMemberBytes"/>: 64 MiB.</summary>
    public const long DefaultDeferredMemberBytes = 64L * 1024 * 1024;

    /// <summary>Total shards; null takes <c>shards</c> from GET /gateway/bot.</summary>
    public int? ShardCount { get; set; }

    /// <summary>Identify buckets; null takes <c>session_start_limit.max_concurrency</c> from GET /gateway/bot.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>The intents to identify with; dispatches that need others are dropped and counted.</summary>
    public GatewayIntents Intents { get; set; } = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.DirectMessages | GatewayIntents.MessageContent;

    public GatewayEncoding Encoding { get; set; } = GatewayEncoding.Json;

    /// <summary>The transport compression: <see cref="TransportCompressions.Preferred"/> unless configured.</summary>
    public TransportCompression Compression { get; set; } = TransportCompressions.Preferred;

    /// <summary>This replica's name in leases and /shards; empty picks host name + a random suffix.</summary>
    public string ReplicaId { get; set; } = string.Empty;

    /// <summary>Prefix of every Redis key the gateway owns (not the event streams), so several bots can share a Redis.</summary>
    public string KeyPrefix { get; set; } = string.Empty;

    /// <summary>One IDENTIFY per bucket per this long: Discord allows one per 5 s, the seed keeps a 0.5 s margin.</summary>
    public TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromMilliseconds(5500);

    /// <summary>Session starts never spent from the daily <c>session_start_limit</c>: the shard stops and reports instead.</summary>
    public int SessionStartReserve { get; set; } = 5;

    /// <summary>
    /// First identify retry delay; doubles per failure, plus up to <see cref="IdentifyBackoffJitter"/>
    /// at random, capped at <see cref="MaxIdentifyBackoff"/>: min(1000·2^attempt + random(0..1000), 30000) ms.
    /// </summary>
    public TimeSpan IdentifyBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan IdentifyBackoffJitter { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxIdentifyBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After op 9 <c>false</c>, wait up to this long (at random) before identifying again; Discord suggests 1–5 s.</summary>
    public TimeSpan InvalidSessionDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A stored session expires after this long without a write.</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>A stored session older than this is not resumed (the seed's 58 s).</summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromSeconds(58);

    /// <summary>An idle shard rewrites its session this often so it stays resumable without events.</summary>
    public TimeSpan SessionRefreshInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Most dispatches routed (and the session saved) in one Redis round trip.</summary>
    public int RouteBatchSize { get; set; } = 256;

    /// <summary>The most <see cref="RouteLinger"/> may be: past it the added latency is no longer small.</summary>
    public static readonly TimeSpan MaxRouteLinger = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a shard may hold a batch smaller than <see cref="RouteBatchSize"/> for more events before routing it,
    /// counted from when the batch's first dispatch was read off the socket (Kafka's <c>linger.ms</c>): fewer, fuller
    /// Redis round trips under load. It waits only while the previous round trip carried more than one event, so a quiet
    /// shard routes each event at once; a full batch, a health ping, a drain or a stop ends the wait early. 0 turns it off;
    /// at most <see cref="MaxRouteLinger"/>.
    /// </summary>
    public TimeSpan RouteLinger { get; set; } = TimeSpan.FromMilliseconds(2);

    public string MessagesStream { get; set; } = EventStreams.Messages;

    public string InteractionsStream { get; set; } = EventStreams.Interactions;

    public string GuildsStream { get; set; } = EventStreams.Guilds;

    /// <summary>
    /// Route GUILD_CREATE, GUILD_UPDATE and GUILD_DELETE into <see cref="GuildsStream"/> (the services' guild handlers).
    /// A GUILD_CREATE goes as its <see cref="Cache.GuildSummary"/> (the guild's own fields, not its members or channels); false
    /// keeps guild events out of Redis where no service consumes them.
    /// </summary>
    public bool RouteGuildEvents { get; set; } = true;

    /// <summary>
    /// The most bytes the process keeps for GUILD_CREATE member lists, and channel, thread and role arrays, unread until a
    /// guild's members (or its channels and roles) are first needed (a permission check, a GUILD_MEMBER_* or CHANNEL_*/
    /// THREAD_*/GUILD_ROLE_* event): a list's copy, or the whole payload it lies in when kept there; a guild whose bytes would
    /// pass it has them read on arrival. 0 reads every guild whole on arrival.
    /// </summary>
    public long DeferredMemberBytes { get; set; } = DefaultDeferredMemberBytes;

    /// <summary>
    /// Partitions per stream, by guild (<see cref="EventPartitions"/>); read from <c>Events:Streams:Partitions</c>, the
    /// consumers' setting, so producer and consumers cannot disagree. 1: one key per stream under its plain name.
    /// </summary>
    public int StreamPartitions { get; set; } = 1;

    /// <summary>Every partition's key of every stream: what the trimmer walks.</summary>
    public IEnumerable<string> PartitionedStreams() =>
        new[] { MessagesStream, InteractionsStream, GuildsStream }.SelectMany(stream => EventPartitions.All(stream, StreamPartitions));

    /// <summary>
    /// Hard cap of each event stream. Streams are trimmed only below what every consumer group has
    /// acknowledged; past this many entries the oldest are dropped even unread, and
    /// <c>cortex.gateway.stream.dropped_unread</c> counts them (an alert, not a routine).
    /// </summary>
    public int StreamMaxLength { get; set; } = 1_000_000;

    /// <summary>
    /// Acknowledged entries younger than this are kept (a replay window for operators and new consumer
    /// groups); older ones go once every group has acknowledged them. Zero trims as soon as acknowledged.
    /// </summary>
    public TimeSpan StreamRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the streams are trimmed and their gauges refreshed.</summary>
    public TimeSpan StreamTrimInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Dead-letter streams (<c>{stream}:dead</c>) keep at most this many entries, the newest.</summary>
    public int DeadLetterMaxLength { get; set; } = 10_000;

    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A shard whose loop does not answer the health ping within this is respawned.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Heartbeat latency above this is a shardDegraded event.</summary>
    public TimeSpan DegradedLatency { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a respawn waits for the shard's drain acknowledgement.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Pause between stopping a shard and re-enqueuing it (the seed's 500 ms).</summary>
    public TimeSpan RespawnDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a shard lease lasts without renewal: a dead replica's shards move within this.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often leases are renewed and free shards claimed.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ThreadPoolLagInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ThreadPoolLagWarning { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A gen-2 GC pause at least this long is logged as a warning (zero: every one, like the seed).</summary>
    public TimeSpan Gen2PauseWarning { get; set; } = TimeSpan.Zero;

    public string ResolvedReplicaId { get; private set; } = string.Empty;

    public void ResolveReplicaId() =>
        ResolvedReplicaId = string.IsNullOrWhiteSpace(ReplicaId)
            ? $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}"
            : ReplicaId;
}
