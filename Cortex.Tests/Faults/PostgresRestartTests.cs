using Cortex.Economy.Admin;
using Cortex.Economy.Results;
using Cortex.Economy.Transfers;
using Cortex.Migrator.Migrating;
using Cortex.Migrator.ServiceRoles;
using Cortex.Tests.Economy;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cortex.Tests.Faults;

/// <summary>PostgreSQL restarted under a load of transfers, on a server and Redis of the test's own.</summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private const int Clients = 12;
    private const int Users = 10;
    private const long StartingBalance = 1_000;
    private const long Guild = 4242;

    private PostgresServerProcess _postgres = null!;
    private RedisServer _redis = null!;
    private EconomyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServerProcess.StartAsync();
        _redis = await RedisServer.StartPersistentAsync();
        var connectionString = _postgres.ConnectionString("cortex_faults");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:economydb"] = connectionString })
            .Build();
        await new DatabaseCreator(configuration, NullLogger<DatabaseCreator>.Instance).EnsureExistsAsync(CancellationToken.None);
        var database = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(database, MigrationCatalog.FromEmbeddedResources(typeof(MigrationRunner).Assembly), new ServiceRoleProvisioner(database, new ServiceLogins([]), NullLogger<ServiceRoleProvisioner>.Instance), NullLogger<MigrationRunner>.Instance)
            .ApplyPendingAsync(CancellationToken.None);
        _host = await EconomyTestHost.StartAsync(database, connectionString, _redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task A_restart_under_keyed_transfers_fails_no_request_and_conserves_money()
    {
        var admin = _host.Get<AdminService>();
        for (var user = 1; user <= Users; user++)
        {
            Assert.True((await admin.AddAsync(Guild, 999, user, StartingBalance, null, default)).Succeeded);
        }

        var transfers = _host.Get<TransferService>();
        var succeeded = 0;
        var afterRestart = 0;
        var inFlight = 0;
        var restarted = false;
        using var stop = new CancellationTokenSource();
        // Each caller sends every transfer once with its own key: any exception is what a caller would see as a 5xx.
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var from = random.Next(1, Users + 1);
                var to = (from % Users) + 1;
                Interlocked.Increment(ref inFlight);
                var result = await transfers.TransferAsync(new TransferRequest(Guild, from, to, random.Next(1, 200), $"restart-{client}-{i}"), default);
                Interlocked.Decrement(ref inFlight);
                if (result.Succeeded)
                {
                    Interlocked.Increment(ref succeeded);
                    if (Volatile.Read(ref restarted))
                    {
                        Interlocked.Increment(ref afterRestart);
                    }
                }
                else
                {
                    Assert.Equal(EconomyErrorCode.InsufficientFunds, result.Error.Code);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        // Under load: transfers went through before the stop, and some are mid-way when the server goes.
        var beforeStop = Volatile.Read(ref succeeded);
        var caughtMidway = Volatile.Read(ref inFlight);
        await _postgres.StopAsync();
        await _postgres.RestartAsync();
        Volatile.Write(ref restarted, true);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.True(beforeStop >= Clients, $"only {beforeStop} transfers before the stop");
        Assert.True(caughtMidway > 0, "no transfer was in flight when PostgreSQL stopped");
        Assert.True(afterRestart > 0, "no transfer went through after the restart");
        _host.Database.Clear(); // the test's own pool still holds connections of the old server
        Assert.Equal(Users * StartingBalance, await _host.ScalarAsync<decimal>("SELECT sum(balance + bank) FROM economy.users WHERE guild_id = $1", Guild));
        Assert.Equal(succeeded, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions WHERE guild_id = $1 AND type = 'transfer'", Guild));
        Assert.Equal(0, await _host.ScalarAsync<long>("""
            SELECT count(*) FROM economy.users u
            FULL JOIN (SELECT * FROM economy.ledger_totals WHERE guild_id = $1) l ON l.user_id = u.user_id AND l.guild_id = u.guild_id
            WHERE (u.guild_id = $1 OR l.guild_id = $1) AND (u.balance + u.bank) IS DISTINCT FROM l.total
            """, Guild));
    }
}
