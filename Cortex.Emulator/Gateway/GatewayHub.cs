using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cortex.Discord.Gateway;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// The gateway's shared state: live connections, sessions, the identify limits, and the routing of
/// world changes to the sessions whose shard owns the guild (<c>(guild_id &gt;&gt; 22) % num_shards</c>,
/// guild-less dispatches to shard 0), filtered by intents.
/// </summary>
internal sealed class GatewayHub : IDisposable
{
    private readonly ConcurrentDictionary<string, GatewaySession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, GatewayClientConnection> _connections = new();
    private readonly Dictionary<int, DateTimeOffset> _lastIdentifyByBucket = [];
    private readonly Lock _identifyLock = new();
    private readonly ITimer _expiry;
    private int _nextConnectionId;
    private int _sessionStartsUsed;
    private DateTimeOffset _sessionStartsResetAt;

    private readonly EmulatorDispatches _dispatches;
    private readonly string _botToken;

    public GatewayHub(WorldControl world, EmulatorDispatches dispatches, IOptions<EmulatorGatewayOptions> options, IOptions<EmulatorOptions> emulator, TimeProvider time)
    {
        World = world;
        _dispatches = dispatches;
        Options = options.Value;
        _botToken = emulator.Value.BotToken;
        Time = time;
        _sessionStartsResetAt = time.GetUtcNow().AddDays(1);
        dispatches.Dispatched += OnWorldDispatch;
        _expiry = time.CreateTimer(_ => ExpireSessions(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public WorldControl World { get; }

    public EmulatorGatewayOptions Options { get; }

    public TimeProvider Time { get; }

    public IEnumerable<GatewayClientConnection> Connections => _connections.Values.OrderBy(c => c.Id);

    public IEnumerable<GatewaySession> Sessions => _sessions.Values.Where(s => !s.Invalidated);

    public int NextConnectionId() => Interlocked.Increment(ref _nextConnectionId);

    public void Register(GatewayClientConnection connection) => _connections[connection.Id] = connection;

    public void Unregister(GatewayClientConnection connection) => _connections.TryRemove(connection.Id, out _);

    public GatewayClientConnection? FindConnection(int id) => _connections.GetValueOrDefault(id);

    public GatewaySession? FindSession(string id) =>
        _sessions.TryGetValue(id, out var session) && !session.Invalidated ? session : null;

    public bool TokenMatches(string? token) =>
        token is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(_botToken));

    /// <summary>(remaining, reset after) of <c>session_start_limit</c>.</summary>
    public (int Remaining, TimeSpan ResetAfter) SessionStartLimit()
    {
        lock (_identifyLock)
        {
            ResetSessionStartsIfDue();
            return (Math.Max(0, Options.SessionStartLimit - _sessionStartsUsed), _sessionStartsResetAt - Time.GetUtcNow());
        }
    }

    /// <summary>
    /// Takes the identify slot of the shard's bucket (<c>shard_id % max_concurrency</c>) and one
    /// session start; false when the bucket identified within the window or no starts remain.
    /// </summary>
    public bool TryStartSession(int shardId)
    {
        lock (_identifyLock)
        {
            ResetSessionStartsIfDue();
            var now = Time.GetUtcNow();
            var bucket = shardId % Options.MaxConcurrency;
            if (_lastIdentifyByBucket.TryGetValue(bucket, out var last)
                && now - last < TimeSpan.FromMilliseconds(Options.IdentifyWindowMilliseconds))
            {
                return false;
            }

            if (_sessionStartsUsed >= Options.SessionStartLimit)
            {
                return false;
            }

            _lastIdentifyByBucket[bucket] = now;
            _sessionStartsUsed++;
            return true;
        }
    }

    public GatewaySession CreateSession(int shardId, int shardCount, GatewayIntents intents)
    {
        var session = new GatewaySession(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), shardId, shardCount, intents, Options.ReplayBufferSize, Time.GetUtcNow());
        _sessions[session.Id] = session;
        return session;
    }

    public void Invalidate(GatewaySession session)
    {
        session.Invalidate();
        _sessions.TryRemove(session.Id, out _);
    }

    /// <summary>Sends a dispatch to every session on the shard of <paramref name="guildId"/> (or <paramref name="shardId"/>, or shard 0).</summary>
    public int Inject(string eventName, ulong? guildId, int? shardId, ReadOnlyMemory<byte> data)
    {
        var delivered = 0;
        World.Atomically(() =>
        {
            foreach (var session in Sessions)
            {
                if (OnShard(session, guildId, shardId))
                {
                    session.Dispatch(eventName, data);
                    delivered++;
                }
            }
        });
        return delivered;
    }

    public void Dispose()
    {
        _dispatches.Dispatched -= OnWorldDispatch;
        _expiry.Dispose();
    }

    private static bool OnShard(GatewaySession session, ulong? guildId, int? shardId) =>
        shardId is { } shard
            ? session.ShardId == shard
            : guildId is { } guild ? GatewayLimits.ShardFor(guild, session.ShardCount) == session.ShardId : session.ShardId == 0;

    // Runs under the world's lock, so dispatches reach every session in the order the world changed.
    // Ephemeral messages and interactions delivered over HTTP never travel over the gateway.
    private void OnWorldDispatch(EmulatorDispatch dispatch)
    {
        if (!dispatch.ToGateway || dispatch.VisibleTo is not null)
        {
            return;
        }

        var required = GatewayIntentRules.RequiredIntent(dispatch.Type, dispatch.GuildId is not null);
        foreach (var session in Sessions)
        {
            if (!OnShard(session, dispatch.GuildId, null) || (required != GatewayIntents.None && (session.Intents & required) == 0))
            {
                continue;
            }

            var data = dispatch.WithoutContent is { } redacted && (session.Intents & GatewayIntents.MessageContent) == 0
                ? redacted
                : dispatch.Data;
            session.Dispatch(dispatch.Type, data);
        }
    }

    private void ExpireSessions()
    {
        var cutoff = Time.GetUtcNow() - TimeSpan.FromSeconds(Options.SessionTimeoutSeconds);
        foreach (var session in _sessions.Values)
        {
            if (session.DetachedAt is { } detachedAt && detachedAt < cutoff)
            {
                Invalidate(session);
            }
        }
    }

    private void ResetSessionStartsIfDue()
    {
        if (Time.GetUtcNow() >= _sessionStartsResetAt)
        {
            _sessionStartsUsed = 0;
            _sessionStartsResetAt = Time.GetUtcNow().AddDays(1);
        }
    }
}
