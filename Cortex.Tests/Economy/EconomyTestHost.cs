using Cortex.Economy;
using Cortex.Economy.Caching;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>
/// The economy's real services (the same registrations Program.cs makes) on a test class's own
/// migrated database and Redis key prefix, without the HTTP server: for direct calls.
/// </summary>
public sealed class EconomyTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EconomyTestHost(IHost host, NpgsqlDataSource database, string databaseConnectionString, string redisConnectionString, string keyPrefix)
    {
        _host = host;
        Database = database;
        DatabaseConnectionString = databaseConnectionString;
        RedisConnectionString = redisConnectionString;
        KeyPrefix = keyPrefix;
    }

    /// <summary>Direct access for assertions (sums, ledger, EXPLAIN).</summary>
    public NpgsqlDataSource Database { get; }

    public string DatabaseConnectionString { get; }

    public string RedisConnectionString { get; }

    public string KeyPrefix { get; }

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>A fresh migrated database named after the test class, and a fresh Redis key prefix.</summary>
    public static async Task<EconomyTestHost> StartAsync(
        CortexAppFixture fixture,
        string name,
        string? redisConnectionString = null,
        TimeProvider? timeProvider = null,
        IDictionary<string, string?>? settings = null,
        bool withCommands = false)
    {
        var database = await fixture.CreateMigratedDatabaseAsync(name);
        // The economy's services log in as its own role, as in production; Database stays the owner's, for assertions.
        var connection = new NpgsqlConnectionStringBuilder(await fixture.ServiceConnectionStringAsync("economy"))
        {
            Database = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database,
        }.ConnectionString;
        redisConnectionString ??= await fixture.ConnectionStringAsync("redis");
        return await StartAsync(database, connection, redisConnectionString, timeProvider, settings, withCommands);
    }

    public static async Task<EconomyTestHost> StartAsync(
        NpgsqlDataSource database,
        string databaseConnectionString,
        string redisConnectionString,
        TimeProvider? timeProvider = null,
        IDictionary<string, string?>? settings = null,
        bool withCommands = false)
    {
        var keyPrefix = "test:" + Guid.NewGuid().ToString("N")[..12];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:economydb"] = databaseConnectionString,
            ["Discord:Token"] = "test.bot.token",
            ["ConnectionStrings:redis"] = redisConnectionString,
            [CachingOptions.Section + ":KeyPrefix"] = keyPrefix,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.AddEconomyStorage();
        builder.AddBalanceCache();
        builder.AddEconomyOperations();
        if (withCommands)
        {
            builder.AddEconomyCommands();
        }
        else
        {
            builder.Services.AddEconomySlashCommands();
        }

        var host = builder.Build();
        await host.StartAsync();
        return new EconomyTestHost(host, database, databaseConnectionString, redisConnectionString, keyPrefix);
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await Database.DisposeAsync();
    }
}

internal static class TestIds
{
    /// <summary>A guild id no other test uses.</summary>
    public static long NewGuild() => Random.Shared.NextInt64(1_000_000_000_000_000, 9_000_000_000_000_000);
}
