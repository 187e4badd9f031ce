using Cortex.Economy;
using Cortex.Economy.Accounts;
using Cortex.Economy.Admin;
using Cortex.Economy.Caching;
using Cortex.Economy.Transfers;
using Cortex.Tests.Hosting;
using StackExchange.Redis;

namespace Cortex.Tests.Economy;

[Collection(CortexAppCollection.Name)]
public sealed class BalanceCacheTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private EconomyTestHost _host = null!;
    private readonly long _guild = TestIds.NewGuild();

    public async Task InitializeAsync() => _host = await EconomyTestHost.StartAsync(fixture, "balancecache", settings: new Dictionary<string, string?>
    {
        // A loaded CI machine can take a while to run the one fill; the bound still applies.
        [CachingOptions.Section + ":FillWaitLimit"] = "00:00:05",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private BalanceCache Cache => _host.Get<BalanceCache>();

    private IDatabase Redis => _host.Get<IConnectionMultiplexer>().GetDatabase();

    private MetricCounter DatabaseReads() => new(_host.Get<EconomyMetrics>(), "cortex.economy.balance.database_reads");

    private async Task FundAsync(long userId, long amount) =>
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, userId, amount, null, default)).Succeeded);

    private async Task<AccountSnapshot> ReadDatabaseAsync(long userId) => await _host.Get<AccountStore>().ReadAsync(_guild, userId, default);

    [Fact]
    public async Task A_miss_reads_the_database_once_and_the_next_read_is_a_hit()
    {
        await FundAsync(10, 70);
        await Cache.InvalidateGuildAsync(_guild);
        using var reads = DatabaseReads();

        var first = await Cache.GetAsync(_guild, 10, default);
        var second = await Cache.GetAsync(_guild, 10, default);

        Assert.Equal(70, first.Balance);
        Assert.Equal(first, second);
        Assert.Equal(1, reads.Value);
    }

    [Fact]
    public async Task A_thousand_simultaneous_misses_on_one_key_cost_one_database_read()
    {
        await FundAsync(20, 123);
        await Cache.InvalidateGuildAsync(_guild);
        using var reads = DatabaseReads();
        using var start = new ManualResetEventSlim();

        var readers = Enumerable.Range(0, 1_000).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await Cache.GetAsync(_guild, 20, default);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(readers);

        Assert.All(results, snapshot => Assert.Equal(123, snapshot.Balance));
        Assert.Equal(1, reads.Value);
    }

    [Fact]
    public async Task A_transfer_updates_the_cache_after_commit_without_a_database_read()
    {
        await FundAsync(30, 500);
        await Cache.GetAsync(_guild, 30, default);
        await Cache.GetAsync(_guild, 31, default);
        using var reads = DatabaseReads();

        Assert.True((await _host.Get<TransferService>().TransferAsync(new TransferRequest(_guild, 30, 31, 120, null), default)).Succeeded);

        Assert.Equal(380, (await Cache.GetAsync(_guild, 30, default)).Balance);
        Assert.Equal(120, (await Cache.GetAsync(_guild, 31, default)).Balance);
        Assert.Equal(0, reads.Value);
    }

    [Fact]
    public async Task An_older_snapshot_never_replaces_a_newer_one()
    {
        await FundAsync(40, 10);
        var generation = await Cache.GenerationAsync(_guild);

        // A slow reader that read version 1 arrives after a writer stored version 7.
        await Cache.StoreCommittedAsync(generation, new AccountSnapshot(_guild, 40, 999, 0, 7));
        await Cache.StoreCommittedAsync(generation, new AccountSnapshot(_guild, 40, 10, 0, 1));

        Assert.Equal(new AccountSnapshot(_guild, 40, 999, 0, 7), await Cache.GetAsync(_guild, 40, default));
    }

    [Fact]
    public async Task Invalidating_a_guild_drops_its_balances_and_only_its_balances()
    {
        var otherGuild = TestIds.NewGuild();
        await FundAsync(50, 10);
        Assert.True((await _host.Get<AdminService>().AddAsync(otherGuild, 1, 50, 10, null, default)).Succeeded);
        await Cache.GetAsync(_guild, 50, default);
        await Cache.GetAsync(otherGuild, 50, default);
        // Change PostgreSQL behind the cache's back, as a bulk admin job would.
        await _host.ExecuteAsync("UPDATE economy.users SET balance = 77, version = version + 1 WHERE user_id = 50 AND guild_id IN ($1, $2)", _guild, otherGuild);

        Assert.True(await Cache.InvalidateGuildAsync(_guild));

        Assert.Equal(77, (await Cache.GetAsync(_guild, 50, default)).Balance);
        Assert.Equal(10, (await Cache.GetAsync(otherGuild, 50, default)).Balance);
    }

    [Fact]
    public async Task The_fill_lock_is_released_only_by_its_owner()
    {
        RedisKey key = $"{_host.KeyPrefix}:owner-test";
        await Redis.StringSetAsync(key, "owner-token", TimeSpan.FromSeconds(30));

        var byStranger = (long)await Redis.ScriptEvaluateAsync(CacheScripts.ReleaseLock, [key], ["someone-else"]);
        Assert.Equal(0, byStranger);
        Assert.True(await Redis.KeyExistsAsync(key));

        var byOwner = (long)await Redis.ScriptEvaluateAsync(CacheScripts.ReleaseLock, [key], ["owner-token"]);
        Assert.Equal(1, byOwner);
        Assert.False(await Redis.KeyExistsAsync(key));
    }

    [Fact]
    public async Task A_reader_waiting_on_a_stuck_fill_gives_up_within_the_bound_and_reads_the_database()
    {
        await FundAsync(60, 42);
        await Cache.InvalidateGuildAsync(_guild);
        // A filler that died holding the lock (the lock outlives the wait bound).
        await Redis.StringSetAsync(new CacheKeys(_host.KeyPrefix).FillLock(_guild, 60), "dead-owner", TimeSpan.FromSeconds(60));
        using var expired = new MetricCounter(_host.Get<EconomyMetrics>(), "cortex.economy.cache.lock_waits_expired");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var snapshot = await Cache.GetAsync(_guild, 60, default);

        Assert.Equal(42, snapshot.Balance);
        Assert.Equal(1, expired.Value);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(4.9), TimeSpan.FromSeconds(15));
    }
}
