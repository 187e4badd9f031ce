using System.Globalization;
using System.Text.Json;
using Cortex.Ai.Moderation.Config;
using StackExchange.Redis;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// The durable queue between stage 1 and stages 2–3: a hash of jobs by message id and a sorted set
/// of when each is due. A claimed job's due time moves a lease ahead, so a job whose worker died is
/// handed out again; a failed one is put back with a later due time (backoff). A message id is
/// queued once: redelivered events add nothing.
/// </summary>
public sealed class DeepStageBacklog(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    // KEYS: due, jobs. ARGV: message id, job, due (ms).
    private const string EnqueueScript = """
        if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
            return 1
        end
        return 0
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

    /// <summary>Queues a message for stages 2–3; false when it is queued already.</summary>
    public async Task<bool> EnqueueAsync(DeepStageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(EnqueueScript, [Due, Jobs],
            [Id(job), Serialize(job), time.GetUtcNow().ToUnixTimeMilliseconds()]);
        return (long)result == 1;
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
        var db = redis.GetDatabase();
        var batch = db.CreateTransaction();
        _ = batch.SortedSetRemoveAsync(Due, Id(job));
        _ = batch.HashDeleteAsync(Jobs, Id(job));
        await batch.ExecuteAsync();
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
