using Cortex.Discord.Models;
using StackExchange.Redis;

namespace Cortex.Ai.Budgets;

/// <summary>
/// Per-user call limit as a true sliding window: a sorted set of call timestamps, pruned, counted
/// and appended in one Lua script, so two concurrent calls can never both take the last slot and
/// the key can never be left without an expiry. Time is Redis's own (<c>TIME</c>): replicas whose
/// clocks disagree still share one window.
/// </summary>
public sealed class UserRateLimiter(IConnectionMultiplexer redis, RedisKeys keys)
{
    // KEYS[1] the user's window; ARGV: window (ms), limit, a unique member for this call.
    private const string Script = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        if count < limit then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          redis.call('PEXPIRE', KEYS[1], window)
          return {1, count + 1, 0}
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {0, count, tonumber(oldest[2]) + window - now}
        """;

    public async Task<RateLimitDecision> TryAcquireAsync(Snowflake userId, RateLimitPolicy policy)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            Script,
            [keys.UserCalls(userId)],
            [(long)policy.Window.TotalMilliseconds, policy.MaxCalls, Guid.NewGuid().ToString("N")]))!;

        var allowed = (long)result[0] == 1;
        var count = (int)(long)result[1];
        var retryAfter = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[2]));
        return new RateLimitDecision(allowed, count, retryAfter);
    }
}

/// <summary>At most <see cref="MaxCalls"/> calls in any <see cref="Window"/>.</summary>
public sealed record RateLimitPolicy(int MaxCalls, TimeSpan Window);

/// <param name="Allowed">Whether this call took a slot.</param>
/// <param name="CallsInWindow">Calls counted in the window, this one included when allowed.</param>
/// <param name="RetryAfter">When refused, how long until the oldest call leaves the window.</param>
public sealed record RateLimitDecision(bool Allowed, int CallsInWindow, TimeSpan RetryAfter);
