using System.Globalization;
using Cortex.Economy.Accounts;
using Cortex.Economy.Admin;
using Cortex.Economy.Leaderboard;
using Cortex.Economy.Ledger;
using Cortex.Economy.Storage;
using Cortex.Economy.Transfers;
using Cortex.Economy.Xp;
using Cortex.Migrator.Migrating;
using Cortex.Migrator.ServiceRoles;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>
/// The economy on a primary and a streaming standby made by the test (<c>pg_basebackup</c>), with
/// <c>ConnectionStrings:economydb-read</c> naming both (Npgsql multi-host, prefer-standby).
/// </summary>
public sealed class ReadStandbyTests : IAsyncLifetime
{
    private const string Database = "cortex_standby";
    private const string ReadApplication = "cortex-economy-read";
    private readonly long _guild = TestIds.NewGuild();
    private PostgresServerProcess _primary = null!;
    private PostgresServerProcess _standby = null!;
    private RedisServer _redis = null!;
    private EconomyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _primary = await PostgresServerProcess.StartAsync();
        _redis = await RedisServer.StartPersistentAsync();
        var owner = _primary.ConnectionString(Database);
        var service = new NpgsqlConnectionStringBuilder(owner) { Username = "cortex_economy", Password = "standby-test-password" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:economydb"] = owner }).Build();
        await new DatabaseCreator(configuration, NullLogger<DatabaseCreator>.Instance).EnsureExistsAsync(CancellationToken.None);
        var database = NpgsqlDataSource.Create(owner);
        var logins = ServiceLogins.From(owner, new Dictionary<string, string> { ["economy"] = service.ConnectionString });
        await new MigrationRunner(database, MigrationCatalog.FromEmbeddedResources(typeof(MigrationRunner).Assembly), new ServiceRoleProvisioner(database, logins, NullLogger<ServiceRoleProvisioner>.Instance), NullLogger<MigrationRunner>.Instance)
            .ApplyPendingAsync(CancellationToken.None);
        _standby = await _primary.StartStandbyAsync();

        var read = new NpgsqlConnectionStringBuilder(service.ConnectionString)
        {
            Host = $"127.0.0.1:{_standby.Port.ToString(CultureInfo.InvariantCulture)},127.0.0.1:{_primary.Port.ToString(CultureInfo.InvariantCulture)}",
            ApplicationName = ReadApplication,
        };
        _host = await EconomyTestHost.StartAsync(database, service.ConnectionString, _redis.ConnectionString,
            settings: new Dictionary<string, string?> { ["ConnectionStrings:" + ReadDataSource.ConnectionName] = read.ConnectionString });
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, 10, 1_000, null, default)).Succeeded);
        await CaughtUpAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _standby.DisposeAsync();
        await _primary.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Leaderboard_history_and_rank_are_read_on_the_standby_and_writes_go_to_the_primary()
    {
        var transfer = await _host.Get<TransferService>().TransferAsync(new TransferRequest(_guild, 10, 11, 300, "standby-pay"), default);
        await CaughtUpAsync();

        var top = await _host.Get<LeaderboardStore>().TopAsync(_guild, 10, default);
        var history = await _host.Get<LedgerStore>().HistoryAsync(_guild, 11, 10, null, default);
        var rank = await _host.Get<XpService>().RankAsync(_guild, 11, default);

        Assert.True(transfer.Succeeded);
        Assert.Equal([(10L, 700L), (11L, 300L)], top.Select(entry => (entry.UserId, entry.Balance)));
        Assert.Equal(transfer.Value.TransactionId, Assert.Single(history).Id);
        Assert.True(rank.Succeeded);
        Assert.Equal((false, _primary.Port), await ServerOfAsync(_host.Get<NpgsqlDataSource>()));
        Assert.Equal((true, _standby.Port), await ServerOfAsync(_host.Get<ReadDataSource>().DataSource));
        Assert.True(await SessionsAsync(_standby) > 0);
        Assert.Equal(0L, await SessionsAsync(_primary));
    }

    [Fact]
    public async Task A_paused_standby_serves_the_old_leaderboard_while_balances_and_retries_read_the_primary()
    {
        await StandbyScalarAsync<object>("SELECT pg_wal_replay_pause()");
        var request = new TransferRequest(_guild, 10, 12, 400, "standby-paused");

        var first = await _host.Get<TransferService>().TransferAsync(request, default);
        var retried = await _host.Get<TransferService>().TransferAsync(request, default);
        var balance = await _host.Get<AccountStore>().ReadAsync(_guild, 10, default);
        var stale = await _host.Get<LeaderboardStore>().TopAsync(_guild, 10, default);
        await StandbyScalarAsync<object>("SELECT pg_wal_replay_resume()");
        await CaughtUpAsync();
        var current = await _host.Get<LeaderboardStore>().TopAsync(_guild, 10, default);

        Assert.Equal(first.Value! with { Replayed = true }, retried.Value);
        Assert.Equal(600, balance.Balance);
        Assert.Equal([(10L, 1_000L)], stale.Select(entry => (entry.UserId, entry.Balance)));
        Assert.Equal([(10L, 600L), (12L, 400L)], current.Select(entry => (entry.UserId, entry.Balance)));
    }

    [Fact]
    public async Task Reads_fall_back_to_the_primary_when_the_standby_is_down()
    {
        Assert.Single(await _host.Get<LeaderboardStore>().TopAsync(_guild, 10, default));
        await _standby.StopAsync();

        var top = await _host.Get<LeaderboardStore>().TopAsync(_guild, 10, default);

        Assert.Equal([(10L, 1_000L)], top.Select(entry => (entry.UserId, entry.Balance)));
        Assert.Equal((false, _primary.Port), await ServerOfAsync(_host.Get<ReadDataSource>().DataSource));
    }

    private static async Task<(bool InRecovery, int Port)> ServerOfAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), current_setting('port')::int", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetBoolean(0), reader.GetInt32(1));
    }

    // Sessions the economy's read source holds on a server: its pooled connections stay open between reads.
    private static async Task<long> SessionsAsync(PostgresServerProcess server) =>
        await ScalarAsync<long>(server, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadApplication}'");

    private Task<T> StandbyScalarAsync<T>(string sql) => ScalarAsync<T>(_standby, sql);

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    private async Task CaughtUpAsync()
    {
        var written = await ScalarAsync<string>(_primary, "SELECT pg_current_wal_lsn()::text");
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await StandbyScalarAsync<bool>($"SELECT coalesce(pg_last_wal_replay_lsn() >= '{written}'::pg_lsn, false)"))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The standby did not replay up to {written}.");
    }

    private static async Task<T> ScalarAsync<T>(PostgresServerProcess server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString(Database)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
