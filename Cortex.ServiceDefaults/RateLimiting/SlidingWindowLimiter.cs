using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.ServiceDefaults.RateLimiting;

public readonly record struct RateLimitDecision(bool Allowed, int Remaining, TimeSpan RetryAfter);

/// <summary>
/// A sliding-window log per key in a sorted set, decided by one script: the server's clock (TIME,
/// not ours, so replicas with skewed clocks agree), a unique member per request (two requests in
/// the same microsecond both count), and a refused request is not recorded (a client hammering
/// while limited does not extend its own punishment). The key expires with the window.
/// </summary>
public sealed class SlidingWindowLimiter(IConnectionMultiplexer redis, IOptions<RateLimitingOptions> options)
{
    // KEYS[1] window; ARGV[1] limit, ARGV[2] window ms, ARGV[3] unique member.
    // Returns {allowed, remaining, retry-after ms}.
    internal const string Script = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local window = tonumber(ARGV[2]) * 1000
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        local limit = tonumber(ARGV[1])
        if count < limit then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return {1, limit - count - 1, 0}
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {0, 0, math.ceil((tonumber(oldest[2]) + window - now) / 1000)}
        """;

    public async Task<RateLimitDecision> AcquireAsync(string route, string client, RateLimitPolicy policy)
    {
        RedisKey key = $"{options.Value.KeyPrefix}:{route}:{client}";
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            Script,
            [key],
            [policy.Limit, (long)policy.Window.TotalMilliseconds, Guid.NewGuid().ToString("N")]))!;
        return new RateLimitDecision(
            (long)result[0] == 1,
            (int)(long)result[1],
            TimeSpan.FromMilliseconds((long)result[2]));
    }

    internal static string FormatSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
