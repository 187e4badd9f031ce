using Cortex.Economy.Accounts;
using Cortex.Economy.Admin;
using Cortex.Economy.Caching;
using Cortex.Economy.Transfers;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Economy;

[Collection(CortexAppCollection.Name)]
public sealed class RedisOutageTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private const int Users = 6;
    private RedisServer _redis = null!;
    private EconomyTestHost _host = null!;
    private readonly long _guild = TestIds.NewGuild();

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartPersistentAsync();
        _host = await EconomyTestHost.StartAsync(fixture, "redisoutage", _redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Killing_redis_mid_run_loses_no_operation_and_the_cache_is_repaired_when_it_returns()
    {
        var admin = _host.Get<AdminService>();
        var transfers = _host.Get<TransferService>();
        var cache = _host.Get<BalanceCache>();
        var store = _host.Get<AccountStore>();
        for (var user = 1; user <= Users; user++)
        {
            Assert.True((await admin.AddAsync(_guild, 99, user, 10_000, null, default)).Succeeded);
            await cache.GetAsync(_guild, user, default);
        }

        using var stop = new CancellationTokenSource();
        var failures = new List<Exception>();
        var operations = 0;
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var from = random.Next(1, Users + 1);
                    var to = (from % Users) + 1;
                    var transfer = await transfers.TransferAsync(new TransferRequest(_guild, from, to, random.Next(1, 50), null), default);
                    Assert.True(transfer.Succeeded, transfer.Error?.Message);
                    var read = await cache.GetAsync(_guild, random.Next(1, Users + 1), default);
                    Assert.True(read.Exists);
                    Interlocked.Increment(ref operations);
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
                }
            }
        })).ToArray();

        await Task.Delay(700);
        await _redis.KillAsync();
        var beforeOutage = operations;
        await Task.Delay(1_500);
        var duringOutage = operations - beforeOutage;

        // While Redis is down, reads come from PostgreSQL and are exact.
        for (var user = 1; user <= Users; user++)
        {
            var fromDatabase = await store.ReadAsync(_guild, user, default);
            var throughCache = await cache.GetAsync(_guild, user, default);
            Assert.True(throughCache.Version >= fromDatabase.Version);
        }

        // Redis comes back with its append-only file: the balances from before the outage.
        await _redis.RestartAsync();
        await Task.Delay(1_500);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.True(duringOutage > 20, $"only {duringOutage} operations completed while Redis was down");
        Assert.Equal(Users * 10_000, await _host.ScalarAsync<decimal>("SELECT sum(balance) FROM economy.users WHERE guild_id = $1", _guild));

        // Once the repairs ran, every cached balance is PostgreSQL's again.
        var repairs = _host.Get<PendingCacheRepairs>();
        for (var attempt = 0; attempt < 100 && repairs.Count > 0; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, repairs.Count);
        for (var user = 1; user <= Users; user++)
        {
            Assert.Equal(await store.ReadAsync(_guild, user, default), await cache.GetAsync(_guild, user, default));
        }
    }
}
