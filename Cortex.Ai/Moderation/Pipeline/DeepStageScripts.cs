namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>The backlog's scripts; each touches one partition's three keys, which share a hash slot.</summary>
internal static class DeepStageScripts
{
    // KEYS: due, jobs, per-guild counts. ARGV: message id, job, due (ms), guild id, partition cap, guild cap.
    public const string Enqueue = """
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
    public const string Complete = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
            if redis.call('HINCRBY', KEYS[3], ARGV[2], -1) <= 0 then
                redis.call('HDEL', KEYS[3], ARGV[2])
            end
        end
        return 1
        """;

    // KEYS: due, jobs. ARGV: now (ms), count, lease end (ms).
    public const string Claim = """
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
    public const string Reschedule = """
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return 1
        """;
}
