using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Cortex.Discord.Rest;

/// <summary>
/// The global limit shared by every process on one token: a sliding window in a Redis sorted set,
/// checked and taken in one script with Redis's own clock, plus a block key set by a global 429.
/// </summary>
public sealed class RedisGlobalRateLimiter : IGlobalRateLimiter
{
    private const string AcquireScript = """
        local blocked = redis.call('PTTL', KEYS[2])
        if blocked > 0 then return blocked end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          redis.call('PEXPIRE', KEYS[1], window)
          return 0
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return math.max(1, tonumber(oldest[2]) + window - now)
        """;

    private const int WindowMilliseconds = 1000;
    private readonly IConnectionMultiplexer _redis;
    private readonly int _requestsPerSecond;
    private readonly TimeProvider _time;
    private readonly RedisKey[] _keys;

    public RedisGlobalRateLimiter(IConnectionMultiplexer redis, string token, int requestsPerSecond, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(token);
        _redis = redis;
        _requestsPerSecond = requestsPerSecond;
        _time = time;
        // Keyed by a hash of the token: the limit is per bot, and the token must not appear in Redis.
        var prefix = "cortex:discord:global:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
        _keys = [prefix + ":window", prefix + ":blocked"];
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        while (true)
        {
            var wait = (long)await database.ScriptEvaluateAsync(AcquireScript, _keys,
                [WindowMilliseconds, _requestsPerSecond, Guid.NewGuid().ToString("N")]);
            if (wait <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(wait), _time, cancellationToken);
        }
    }

    public async ValueTask BlockAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var milliseconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
        await _redis.GetDatabase().StringSetAsync(_keys[1], "1", TimeSpan.FromMilliseconds(milliseconds));
    }
}
