using Cortex.Discord.Gateway;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Sharding;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Identify;

/// <summary>
/// The identify gate every replica shares: a Redis slot per bucket (<c>shard_id % max_concurrency</c>)
/// held for <see cref="GatewayOptions.IdentifyInterval"/>, and the day's session starts counted down so
/// the last <see cref="GatewayOptions.SessionStartReserve"/> are never spent. Within a replica, shards
/// of one bucket queue in shard order, so the spawn queue's order is the identify order, and the window is re-stamped
/// when the IDENTIFY is actually sent.
/// </summary>
internal sealed partial class RedisIdentifyGate : IIdentifyGate
{
    // 0: go (slot taken, one start spent); n > 0: the bucket is busy for n ms more; -1: no starts left.
    private const string TakeSlotScript = """
        local remaining = redis.call('GET', KEYS[2])
        if remaining and tonumber(remaining) <= tonumber(ARGV[2]) then
          return -1
        end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 then
          return ttl
        end
        redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[1])
        if remaining then
          redis.call('DECR', KEYS[2])
        end
        return 0
        """;

    // Re-stamps the bucket's window from the IDENTIFY as sent: the slot is ours (or lapsed, nobody took it) → PX interval from now.
    // 1: re-stamped; 0: another grant holds the bucket already (ours lapsed before the send), left alone.
    private const string IdentifySentScript = """
        local owner = redis.call('GET', KEYS[1])
        if owner and owner ~= ARGV[2] then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
        return 1
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly GatewayOptions _options;
    private readonly GatewayKeys _keys;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisIdentifyGate> _logger;
    private readonly Lock _bucketsLock = new();
    private readonly Dictionary<int, ShardOrderedTurn> _localQueues = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _granted = new();
    private int _maxConcurrency = 1;

    public RedisIdentifyGate(
        IConnectionMultiplexer redis,
        IOptions<GatewayOptions> options,
        GatewayKeys keys,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<RedisIdentifyGate> logger)
    {
        _redis = redis;
        _options = options.Value;
        _keys = keys;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Set once the plan is known.</summary>
    public int MaxConcurrency
    {
        get => Volatile.Read(ref _maxConcurrency);
        set => Volatile.Write(ref _maxConcurrency, Math.Max(1, value));
    }

    /// <summary>IDENTIFYs this replica let through, per shard, since it started.</summary>
    public int Granted(int shardId) => _granted.GetValueOrDefault(shardId);

    /// <summary>Records Discord's count of today's remaining session starts, expiring at the reset.</summary>
    public async Task SetSessionStartsAsync(SessionStartLimit limit)
    {
        var resetAfter = TimeSpan.FromMilliseconds(Math.Max(1, limit.ResetAfter));
        await _redis.GetDatabase().StringSetAsync(_keys.SessionStartsRemaining, limit.Remaining, resetAfter);
    }

    public async ValueTask WaitAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = shardId % MaxConcurrency;
        var queue = LocalQueue(bucket);
        await queue.EnterAsync(shardId, cancellationToken);
        try
        {
            var started = _time.GetTimestamp();
            var database = _redis.GetDatabase();
            while (true)
            {
                // A lower shard of this bucket that arrived while this one waited goes first: identify in shard order.
                await queue.YieldToLowerAsync(shardId);
                var result = (long)await database.ScriptEvaluateAsync(
                    TakeSlotScript,
                    [_keys.IdentifyBucket(bucket), _keys.SessionStartsRemaining],
                    [(long)_options.IdentifyInterval.TotalMilliseconds, _options.SessionStartReserve, SlotOwner(shardId)]);
                if (result == 0)
                {
                    _metrics.IdentifyWaited(shardId, _time.GetElapsedTime(started));
                    _granted.AddOrUpdate(shardId, 1, (_, count) => count + 1);
                    LogIdentifySlot(shardId, bucket);
                    return;
                }

                if (result < 0)
                {
                    throw new SessionStartLimitExhaustedException(
                        $"Shard {shardId} will not identify: only {_options.SessionStartReserve} session starts are left today (session_start_limit), "
                        + "and they are kept in reserve. The shard waits for an operator or the daily reset.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(result), _time, cancellationToken);
            }
        }
        finally
        {
            queue.Release();
        }
    }

    /// <summary>
    /// The IDENTIFY is on the wire: the bucket's slot is held for a full interval from now, so the next grant (on any
    /// replica) keeps the margin to this IDENTIFY even when it was sent late after its grant.
    /// </summary>
    public async ValueTask IdentifySentAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = shardId % MaxConcurrency;
        var restamped = (long)await _redis.GetDatabase().ScriptEvaluateAsync(
            IdentifySentScript,
            [_keys.IdentifyBucket(bucket)],
            [(long)_options.IdentifyInterval.TotalMilliseconds, SlotOwner(shardId)]);
        if (restamped == 0)
        {
            LogSlotLapsed(shardId, bucket);
        }
    }

    private string SlotOwner(int shardId) => $"{_options.ResolvedReplicaId}:{shardId}";

    private ShardOrderedTurn LocalQueue(int bucket)
    {
        lock (_bucketsLock)
        {
            if (!_localQueues.TryGetValue(bucket, out var queue))
            {
                queue = new ShardOrderedTurn();
                _localQueues[bucket] = queue;
            }

            return queue;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {ShardId} took the identify slot of bucket {Bucket}")]
    private partial void LogIdentifySlot(int shardId, int bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId} sent its IDENTIFY after its slot of bucket {Bucket} had lapsed and been granted again")]
    private partial void LogSlotLapsed(int shardId, int bucket);
}

/// <summary>The day's session starts are down to the reserve: identifying now would burn the last ones.</summary>
internal sealed class SessionStartLimitExhaustedException : Exception
{
    public SessionStartLimitExhaustedException(string message)
        : base(message)
    {
    }

    public SessionStartLimitExhaustedException()
    {
    }

    public SessionStartLimitExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
