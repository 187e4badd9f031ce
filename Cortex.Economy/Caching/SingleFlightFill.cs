using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Economy.Caching;

/// <summary>
/// One fill at a time for a cache key, across every replica, so a thousand simultaneous misses cost one database read.
/// A miss takes a fill lock (SET NX PX with a random token); only its owner queries and stores, and only its owner can
/// release the lock. The others poll the cache for a bounded time (<see cref="CachingOptions.FillWaitLimit"/>) and then
/// query themselves. Any Redis failure falls back to the query. Used by the balance cache and the leaderboard pages.
/// </summary>
public sealed partial class SingleFlightFill(
    IConnectionMultiplexer redis,
    IOptions<CachingOptions> options,
    EconomyMetrics metrics,
    ILogger<SingleFlightFill> logger)
{
    private readonly CachingOptions _options = options.Value;

    /// <summary>
    /// The value for a key the cache just missed: from the cache if a concurrent fill stored it meanwhile, else from
    /// <paramref name="query"/>, stored with <paramref name="store"/> by the one caller holding <paramref name="lockKey"/>.
    /// <paramref name="cached"/> and <paramref name="store"/> may throw Redis failures; <paramref name="query"/> is the
    /// source of truth.
    /// </summary>
    public async Task<T> FillAsync<T>(
        RedisKey lockKey, Func<Task<T?>> cached, Func<CancellationToken, Task<T>> query, Func<T, Task> store, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(cached);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(store);
        var database = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        bool owner;
        try
        {
            owner = await database.StringSetAsync(lockKey, token, _options.FillLockTtl, When.NotExists);
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            RedisFailed(e);
            return await query(cancellationToken);
        }

        return owner
            ? await FillAsOwnerAsync(database, lockKey, token, cached, query, store, cancellationToken)
            : await WaitForFillAsync(cached, query, cancellationToken);
    }

    private async Task<T> FillAsOwnerAsync<T>(
        IDatabase database, RedisKey lockKey, string token, Func<Task<T?>> cached, Func<CancellationToken, Task<T>> query, Func<T, Task> store, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            // A filler may have stored the value and let go of the lock between our miss and our lock: check again,
            // or a slow reader would pay a second database read.
            try
            {
                if (await cached() is { } again)
                {
                    return again;
                }
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                RedisFailed(e);
                return await query(cancellationToken);
            }

            var value = await query(cancellationToken);
            try
            {
                await store(value);
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                RedisFailed(e);
            }

            return value;
        }
        finally
        {
            await ReleaseAsync(database, lockKey, token);
        }
    }

    // Someone else is filling. Wait for their value, but only so long. The wait is measured on the wall clock, not the
    // injected business clock: it bounds infrastructure latency, and a test's frozen clock must not make it endless.
    private async Task<T> WaitForFillAsync<T>(Func<Task<T?>> cached, Func<CancellationToken, Task<T>> query, CancellationToken cancellationToken)
        where T : class
    {
        var wallClock = TimeProvider.System;
        var started = wallClock.GetTimestamp();
        while (wallClock.GetElapsedTime(started) < _options.FillWaitLimit)
        {
            await Task.Delay(_options.FillPollInterval, wallClock, cancellationToken);
            try
            {
                if (await cached() is { } filled)
                {
                    return filled;
                }
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                RedisFailed(e);
                break;
            }
        }

        metrics.LockWaitsExpired.Add(1);
        return await query(cancellationToken);
    }

    private async Task ReleaseAsync(IDatabase database, RedisKey lockKey, string token)
    {
        try
        {
            await database.ScriptEvaluateAsync(CacheScripts.ReleaseLock, [lockKey], [token]);
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            // The lock expires on its own (FillLockTtl).
            RedisFailed(e);
        }
    }

    private void RedisFailed(Exception e)
    {
        metrics.RedisFailures.Add(1);
        LogRedisFailed(logger, e);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis unavailable during a cache fill; reading the database")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);
}
