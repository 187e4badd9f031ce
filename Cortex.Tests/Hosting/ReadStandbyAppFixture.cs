using System.Globalization;
using Cortex.AppHost.Infrastructure;
using Cortex.Tests.Faults;
using Cortex.Tests.Support;
using Npgsql;

namespace Cortex.Tests.Hosting;

/// <summary>
/// The whole app through the AppHost's <c>external</c> infrastructure mode on servers of the test's own: a redis-server,
/// a PostgreSQL primary and a streaming standby of it (<c>pg_basebackup</c>), the standby given to the economy the way
/// an operator does, through <c>ConnectionStrings:economydb-economy-read</c> (standby first, primary as fallback).
/// </summary>
public sealed class ReadStandbyAppFixture : CortexAppFixture
{
    /// <summary>What the economy's read connections call themselves, so the test can find them on a server.</summary>
    public const string ReadApplication = "cortex-economy-read";

    private RedisServer? _redis;

    public PostgresServerProcess Primary { get; private set; } = null!;

    public PostgresServerProcess Standby { get; private set; } = null!;

    protected override async Task<IEnumerable<string>> InfrastructureArgumentsAsync(string dataDirectory)
    {
        _redis = await RedisServer.StartAsync();
        Primary = await PostgresServerProcess.StartAsync();
        // Made before the migrator runs: the database, roles and schema all reach it by replication.
        Standby = await Primary.StartStandbyAsync();
        var server = $"Host=127.0.0.1;Port={Primary.Port.ToString(CultureInfo.InvariantCulture)}";
        var economyPassword = Guid.NewGuid().ToString("N");
        var read = new NpgsqlConnectionStringBuilder
        {
            Host = $"127.0.0.1:{Standby.Port.ToString(CultureInfo.InvariantCulture)},127.0.0.1:{Primary.Port.ToString(CultureInfo.InvariantCulture)}",
            Username = "cortex_economy",
            Password = economyPassword,
            Database = "economydb",
            ApplicationName = ReadApplication,
        };
        return
        [
            "--Cortex:Infrastructure=external",
            "--ConnectionStrings:redis=" + _redis.ConnectionString,
            $"--ConnectionStrings:postgres={server};Username=postgres;Database=postgres",
            $"--ConnectionStrings:economydb={server};Username=postgres;Database=economydb",
            $"--ConnectionStrings:economydb-economy={server};Username=cortex_economy;Password={economyPassword};Database=economydb",
            $"--ConnectionStrings:economydb-ai={server};Username=cortex_ai;Password={Guid.NewGuid():N};Database=economydb",
            $"--ConnectionStrings:{EconomyReadStandbys.ConnectionName}={read.ConnectionString}",
        ];
    }

    protected override async Task DisposeInfrastructureAsync()
    {
        if (Standby is not null)
        {
            await Standby.DisposeAsync();
        }

        if (Primary is not null)
        {
            await Primary.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    public static async Task<T> ScalarAsync<T>(PostgresServerProcess server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString("economydb")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task CaughtUpAsync()
    {
        var written = await ScalarAsync<string>(Primary, "SELECT pg_current_wal_lsn()::text");
        for (var attempt = 0; attempt < 400; attempt++)
        {
            if (await ScalarAsync<bool>(Standby, $"SELECT coalesce(pg_last_wal_replay_lsn() >= '{written}'::pg_lsn, false)"))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The standby did not replay up to {written}.");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadStandbyAppCollection : ICollectionFixture<ReadStandbyAppFixture>
{
    public const string Name = "Cortex app with a read standby";
}
