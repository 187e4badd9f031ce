using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Economy.Leaderboard;

/// <summary>
/// The API's leaderboard answers kept whole, as their JSON, in Redis for <see cref="CachingOptions.LeaderboardTtl"/>:
/// a hit is one GET, started with the rate limiter's script (<see cref="CacheReadsAlongsideRateLimit.Leaderboard"/>),
/// so it costs the request no round trip of its own, no PostgreSQL and no serialisation. Writes leave it alone: a page
/// is at most the TTL old, as a standby's answer is at most its lag old. A miss queries, serialises once, and stores
/// the page without waiting for Redis (a lost store costs the next reader a query). Redis failures read PostgreSQL.
/// </summary>
public sealed partial class LeaderboardPages(
    IConnectionMultiplexer redis,
    LeaderboardStore store,
    IOptions<CachingOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    EconomyMetrics metrics,
    ILogger<LeaderboardPages> logger)
{
    private readonly CacheKeys _keys = new(options.Value.KeyPrefix);
    private readonly TimeSpan _ttl = options.Value.LeaderboardTtl;
    private readonly JsonTypeInfo _response = json.Value.SerializerOptions.GetTypeInfo(typeof(LeaderboardResponse));

    /// <summary>The cached page for <paramref name="limit"/> entries, or one without JSON (none, caching off, Redis failed). Never throws.</summary>
    public async Task<CachedPage> ReadAsync(long guildId, int limit)
    {
        if (_ttl <= TimeSpan.Zero)
        {
            return new CachedPage(limit, null);
        }

        try
        {
            return new CachedPage(limit, (byte[]?)await redis.GetDatabase().StringGetAsync(_keys.LeaderboardPage(guildId, limit)));
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            RedisFailed(e);
            return new CachedPage(limit, null);
        }
    }

    /// <summary>The page from PostgreSQL, as JSON, stored for the next readers (fire and forget).</summary>
    public async Task<byte[]> QueryAsync(long guildId, int limit, CancellationToken cancellationToken)
    {
        var entries = await store.TopAsync(guildId, limit, cancellationToken);
        var page = JsonSerializer.SerializeToUtf8Bytes(new LeaderboardResponse(guildId, entries), _response);
        if (_ttl > TimeSpan.Zero)
        {
            try
            {
                redis.GetDatabase().StringSet(_keys.LeaderboardPage(guildId, limit), page, _ttl, flags: CommandFlags.FireAndForget);
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                RedisFailed(e);
            }
        }

        return page;
    }

    private void RedisFailed(Exception e)
    {
        metrics.RedisFailures.Add(1);
        LogRedisFailed(logger, e);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis unavailable; the leaderboard is read from PostgreSQL")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);
}

/// <summary>What Redis held for a leaderboard page of <paramref name="Limit"/> entries: its JSON, or null.</summary>
public sealed record CachedPage(int Limit, byte[]? Json);
