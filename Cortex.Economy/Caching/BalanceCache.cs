using System.Globalization;
using Cortex.Economy.Accounts;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Economy.Caching;

/// <summary>
/// Read-aside balances in Redis in front of PostgreSQL.
/// <list type="bullet">
/// <item>A miss is filled once (<see cref="SingleFlightFill"/>): only the fill lock's owner reads PostgreSQL and
/// stores the key; others poll it for a bounded time, so a thousand simultaneous misses cost one database read.</item>
/// <item>Writers store the committed snapshot after commit, and every store is version-checked:
/// an older snapshot never replaces a newer one, whoever arrives last.</item>
/// <item>Any Redis failure falls back to PostgreSQL; writes that could not reach the cache are
/// queued for repair (<see cref="PendingCacheRepairs"/>).</item>
/// </list>
/// </summary>
public sealed partial class BalanceCache(
    IConnectionMultiplexer redis,
    AccountStore store,
    IOptions<CachingOptions> options,
    EconomyMetrics metrics,
    PendingCacheRepairs repairs,
    SingleFlightFill fill,
    ILogger<BalanceCache> logger)
{
    private readonly CachingOptions _options = options.Value;
    private readonly CacheKeys _keys = new(options.Value.KeyPrefix);

    public Task<AccountSnapshot> GetAsync(long guildId, long userId, CancellationToken cancellationToken) =>
        GetAsync(guildId, userId, ReadAsync(guildId, userId), cancellationToken);

    /// <summary>
    /// The balance from a cache read already under way (<see cref="ReadAsync"/>, started together with another
    /// Redis call); on a miss the fill as usual, on a Redis failure PostgreSQL.
    /// </summary>
    public async Task<AccountSnapshot> GetAsync(long guildId, long userId, Task<CachedBalance> cached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cached);
        var read = await cached;
        if (read.Failure is { } failure)
        {
            RedisFailed(failure);
            return await ReadDatabaseAsync(guildId, userId, cancellationToken);
        }

        if (read.Snapshot is not null)
        {
            metrics.CacheHits.Add(1);
            return read.Snapshot;
        }

        metrics.CacheMisses.Add(1);
        return await FillAsync(guildId, userId, read.Generation, cancellationToken);
    }

    /// <summary>
    /// The cache's answer for one member (the guild's generation and the snapshot under it, if any), one Redis
    /// round trip that only reads. A Redis failure is its result rather than an exception, so it can be started
    /// early and left unread.
    /// </summary>
    public async Task<CachedBalance> ReadAsync(long guildId, long userId)
    {
        try
        {
            return await ReadCacheAsync(guildId, userId);
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            return new CachedBalance("", null, e);
        }
    }

    /// <summary>
    /// The guild's cache generation, read before a write touches PostgreSQL. Storing the write's
    /// result under this generation means a guild invalidation that commits in between wins.
    /// Null when Redis is unreachable.
    /// </summary>
    public async Task<string?> GenerationAsync(long guildId)
    {
        try
        {
            var generation = await redis.GetDatabase().StringGetAsync(_keys.Generation(guildId));
            return generation.IsNull ? "0" : generation.ToString();
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            RedisFailed(e);
            return null;
        }
    }

    /// <summary>Stores committed snapshots (write-through after commit).</summary>
    public async Task StoreCommittedAsync(string? generation, params AccountSnapshot[] snapshots)
    {
        if (generation is null)
        {
            foreach (var snapshot in snapshots)
            {
                repairs.Enqueue(snapshot.GuildId, snapshot.UserId);
            }

            return;
        }

        try
        {
            await StoreManyAsync(generation, snapshots);
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            RedisFailed(e);
            foreach (var snapshot in snapshots)
            {
                repairs.Enqueue(snapshot.GuildId, snapshot.UserId);
            }
        }
    }

    /// <summary>Drops every cached balance of a guild in O(1): the next reads use a new generation.</summary>
    public async Task<bool> InvalidateGuildAsync(long guildId)
    {
        try
        {
            await redis.GetDatabase().StringIncrementAsync(_keys.Generation(guildId));
            return true;
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            RedisFailed(e);
            return false;
        }
    }

    /// <summary>Re-reads one account from PostgreSQL and stores it (used by the repair queue).</summary>
    internal async Task RefreshAsync(long guildId, long userId, CancellationToken cancellationToken)
    {
        var read = await ReadCacheAsync(guildId, userId);
        var snapshot = await ReadDatabaseAsync(guildId, userId, cancellationToken);
        await StoreAsync(read.Generation, snapshot);
    }

    private Task<AccountSnapshot> FillAsync(long guildId, long userId, string generation, CancellationToken cancellationToken) =>
        fill.FillAsync(
            _keys.FillLock(guildId, userId),
            async () => (await ReadCacheAsync(guildId, userId)).Snapshot,
            token => ReadDatabaseAsync(guildId, userId, token),
            snapshot => StoreAsync(generation, snapshot),
            cancellationToken);

    private async Task<AccountSnapshot> ReadDatabaseAsync(long guildId, long userId, CancellationToken cancellationToken)
    {
        metrics.BalanceDatabaseReads.Add(1);
        return await store.ReadAsync(guildId, userId, cancellationToken);
    }

    private async Task<CachedBalance> ReadCacheAsync(long guildId, long userId)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            CacheScripts.Read,
            [_keys.Generation(guildId)],
            [_keys.BalancePrefix(guildId), CacheKeys.Format(userId)]))!;
        var generation = result[0].ToString();
        var value = result[1].ToString();
        return new CachedBalance(generation, value.Length == 0 ? null : Parse(guildId, userId, value));
    }

    private Task<RedisResult> StoreAsync(string generation, AccountSnapshot snapshot) =>
        redis.GetDatabase().ScriptEvaluateAsync(
            CacheScripts.StoreIfNewer,
            [_keys.Balance(snapshot.GuildId, generation, snapshot.UserId)],
            [
                snapshot.Version,
                string.Create(CultureInfo.InvariantCulture, $"{snapshot.Balance}:{snapshot.Bank}"),
                (long)_options.BalanceTtl.TotalMilliseconds,
            ]);

    // One script call for every snapshot: a transfer's two accounts cost one Redis round trip.
    private Task<RedisResult> StoreManyAsync(string generation, AccountSnapshot[] snapshots)
    {
        var keys = new RedisKey[snapshots.Length];
        var values = new RedisValue[1 + 2 * snapshots.Length];
        values[0] = (long)_options.BalanceTtl.TotalMilliseconds;
        for (var i = 0; i < snapshots.Length; i++)
        {
            var snapshot = snapshots[i];
            keys[i] = _keys.Balance(snapshot.GuildId, generation, snapshot.UserId);
            values[1 + 2 * i] = snapshot.Version;
            values[2 + 2 * i] = string.Create(CultureInfo.InvariantCulture, $"{snapshot.Balance}:{snapshot.Bank}");
        }

        return redis.GetDatabase().ScriptEvaluateAsync(CacheScripts.StoreManyIfNewer, keys, values);
    }

    // "version:balance:bank"
    private static AccountSnapshot? Parse(long guildId, long userId, string value)
    {
        var text = value.AsSpan();
        Span<Range> parts = stackalloc Range[4];
        return text.Split(parts, ':') == 3
            && long.TryParse(text[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && long.TryParse(text[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var balance)
            && long.TryParse(text[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var bank)
            ? new AccountSnapshot(guildId, userId, balance, bank, version)
            : null;
    }

    private void RedisFailed(Exception e)
    {
        metrics.RedisFailures.Add(1);
        LogRedisFailed(logger, e);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis unavailable; serving from PostgreSQL")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);
}
