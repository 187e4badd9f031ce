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
/// is at most the TTL old, as a standby's answer is at most its lag old. A miss queries, serialises once and stores the
/// page, one reader at a time across replicas (<see cref="SingleFlightFill"/>: when a page expires under load, one query
/// refills it). Redis failures read PostgreSQL.
/// </summary>
public sealed partial class LeaderboardPages(
    IConnectionMultiplexer redis,
    LeaderboardStore store,
    IOptions<CachingOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    EconomyMetrics metrics,
    SingleFlightFill fill,
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

    /// <summary>
    /// The page after a cache miss: queried once however many readers missed it at once (<see cref="SingleFlightFill"/>:
    /// the fill lock's owner queries and stores, the others wait for its page), or queried every time with caching off.
    /// </summary>
    public Task<byte[]> FillAsync(long guildId, int limit, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero)
        {
            return QueryAsync(guildId, limit, cancellationToken);
        }

        var database = redis.GetDatabase();
        var key = _keys.LeaderboardPage(guildId, limit);
        return fill.FillAsync(
            _keys.LeaderboardFillLock(guildId, limit),
            async () => (byte[]?)await database.StringGetAsync(key),
            token => QueryAsync(guildId, limit, token),
            page => database.StringSetAsync(key, page, _ttl),
            cancellationToken);
    }

    private async Task<byte[]> QueryAsync(long guildId, int limit, CancellationToken cancellationToken)
    {
        metrics.LeaderboardQueries.Add(1);
        var entries = await store.TopAsync(guildId, limit, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(new LeaderboardResponse(guildId, entries), _response);
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
