using System.Security.Cryptography;
using System.Text;
using Cortex.Discord.Rest;
using Cortex.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Cortex.ServiceDefaults.DiscordRest;

/// <summary>
/// The global limit shared by every process on one token: a sliding window in a Redis sorted set,
/// checked and taken in one script with Redis's own clock, plus a block key set by a global 429. It lives on the
/// application side: Cortex.Discord speaks the protocol and knows only <see cref="IGlobalRateLimiter"/>.
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
          -- In flight until its response re-stamps it; a crashed process's slot lapses after ARGV[4] ms.
          redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
          redis.call('PEXPIRE', KEYS[1], window + tonumber(ARGV[4]))
          return 0
        end
        local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
        if oldest > now then return 20 end
        return math.max(1, oldest + window - now)
        """;

    private const int InFlightLimitMilliseconds = 30_000;
    private static readonly int WindowMilliseconds = (int)LocalGlobalRateLimiter.Window.TotalMilliseconds;

    // Re-stamps a slot when its response arrives (XX: only if it is still in the window).
    private const string CompleteScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
        return 0
        """;
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
        // Keyed by a hash of the token: the limit is per bot, and the token must not appear in Redis. The hash is the
        // keys' hash tag, so the acquire script's two keys share a Redis Cluster slot.
        var prefix = "cortex:discord:global:{" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16] + "}";
        _keys = [prefix + ":window", prefix + ":blocked"];
    }

    public async ValueTask<GlobalSlot> AcquireAsync(CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var slot = new GlobalSlot(Guid.NewGuid().ToString("N"));
        while (true)
        {
            var wait = (long)await database.ScriptEvaluateAsync(AcquireScript, _keys, [WindowMilliseconds, _requestsPerSecond, slot.Id, InFlightLimitMilliseconds]);
            if (wait <= 0)
            {
                return slot;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(wait), _time, cancellationToken);
        }
    }

    /// <summary>
    /// Re-stamps the slot. Its request has been sent by now and Discord may have acted on it (a reply posted): a Redis
    /// failure here must not fail that request, or its caller retries and the reply is posted twice. The slot then stays
    /// stamped as in flight and lapses after the in-flight limit, holding the window a little longer than needed.
    /// </summary>
    public async ValueTask CompleteAsync(GlobalSlot slot, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.GetDatabase().ScriptEvaluateAsync(CompleteScript, [_keys[0]], [slot.Id, WindowMilliseconds + InFlightLimitMilliseconds]);
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            // Lapses on its own (above).
        }
    }

    public async ValueTask BlockAsync(TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var milliseconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
        await _redis.GetDatabase().StringSetAsync(_keys[1], "1", TimeSpan.FromMilliseconds(milliseconds));
    }
}
