using System.Globalization;
using System.Text.Json;
using Cortex.Ai.Moderation.Config;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// The durable queue between stage 1 and stages 2–3: a hash of jobs by message id and a sorted set
/// of when each is due. A claimed job's due time moves a lease ahead, so a job whose worker died is
/// handed out again; a failed one is put back with a later due time (backoff). A message id is
/// queued once: redelivered events add nothing. The backlog is capped overall and per guild (a third
/// hash counts each guild's jobs): a message that finds it full is not queued, and says so.
/// </summary>
public sealed class DeepStageBacklog(IConnectionMultiplexer redis, RedisKeys keys, IOptions<ModerationOptions> options, TimeProvider time)
{
    // KEYS: due, jobs, per-guild counts. ARGV: message id, job, due (ms), guild id, overall cap, guild cap.
    private const string EnqueueScript = """
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
            return 0
        end
        if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[5]) then
            return -1
        end
        if tonumber(redis.call('HGET', KEYS[3], ARGV[4]) or '0') >= tonumber(ARGV[6]) then
            return -2
        end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('HINCRBY', KEYS[3], ARGV[4], 1)
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return 1
        """;

    // KEYS: due, jobs, per-guild counts. ARGV: message id, guild id.
    private const string CompleteScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
            if redis.call('HINCRBY', KEYS[3], ARGV[2], -1) <= 0 then
                redis.call('HDEL', KEYS[3], ARGV[2])
            end
        end
        return 1
        """;

    // KEYS: due, jobs. ARGV: now (ms), count, lease end (ms).
    private const string ClaimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local jobs = {}
        for _, id in ipairs(ids) do
            local job = redis.call('HGET', KEYS[2], id)
            if job then
                redis.call('ZADD', KEYS[1], ARGV[3], id)
                table.insert(jobs, job)
            else
                redis.call('ZREM', KEYS[1], id)
            end
        end
        return jobs
        """;

    // KEYS: due, jobs. ARGV: message id, job, due (ms).
    private const string RescheduleScript = """
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return 1
        """;

    private RedisKey Due => keys.Prefix + "mod:{deep}:due";

    private RedisKey Jobs => keys.Prefix + "mod:{deep}:jobs";

    private RedisKey Guilds => keys.Prefix + "mod:{deep}:guilds";

    /// <summary>Queues a message for stages 2–3, unless it is queued already or the backlog is full.</summary>
    public async Task<EnqueueResult> EnqueueAsync(DeepStageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var o = options.Value;
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(EnqueueScript, [Due, Jobs, Guilds],
            [Id(job), Serialize(job), time.GetUtcNow().ToUnixTimeMilliseconds(), job.GuildId.ToString(CultureInfo.InvariantCulture), o.MaxBacklog, o.MaxBacklogPerGuild]);
        return result switch
        {
            1 => EnqueueResult.Queued,
            0 => EnqueueResult.AlreadyQueued,
            -1 => EnqueueResult.BacklogFull,
            _ => EnqueueResult.GuildBacklogFull,
        };
    }

    /// <summary>Up to <paramref name="count"/> due jobs, each leased for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<DeepStageJob>> ClaimAsync(int count, TimeSpan lease)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [Due, Jobs],
            [now, count, now + (long)lease.TotalMilliseconds]))!;
        return [.. result.Select(r => JsonSerializer.Deserialize((string)r!, ModerationJson.Default.DeepStageJob)!)];
    }

    public async Task RetryLaterAsync(DeepStageJob job, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(job);
        await redis.GetDatabase().ScriptEvaluateAsync(RescheduleScript, [Due, Jobs],
            [Id(job), Serialize(job), (time.GetUtcNow() + delay).ToUnixTimeMilliseconds()]);
    }

    public async Task CompleteAsync(DeepStageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        await redis.GetDatabase().ScriptEvaluateAsync(CompleteScript, [Due, Jobs, Guilds],
            [Id(job), job.GuildId.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>Jobs queued or in flight.</summary>
    public async Task<long> CountAsync() => await redis.GetDatabase().HashLengthAsync(Jobs);

    /// <summary>The job queued for a message, if any (for diagnostics and tests).</summary>
    public async Task<DeepStageJob?> FindAsync(ulong messageId)
    {
        var json = await redis.GetDatabase().HashGetAsync(Jobs, messageId.ToString(CultureInfo.InvariantCulture));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, ModerationJson.Default.DeepStageJob);
    }

    private static RedisValue Id(DeepStageJob job) => job.MessageId.ToString(CultureInfo.InvariantCulture);

    private static RedisValue Serialize(DeepStageJob job) => JsonSerializer.Serialize(job, ModerationJson.Default.DeepStageJob);
}

/// <summary>What <see cref="DeepStageBacklog.EnqueueAsync"/> did with a message.</summary>
public enum EnqueueResult
{
    Queued,
    AlreadyQueued,
    BacklogFull,
    GuildBacklogFull,
}
