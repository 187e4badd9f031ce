using Cortex.Migrator.Migrating;
using Cortex.Migrator.ServiceRoles;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cortex.Tests.Migrator;

/// <summary>Any number of migrators may start at once, on a server of the test's own.</summary>
public sealed class ConcurrentMigrationTests : IAsyncLifetime
{
    private PostgresServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await PostgresServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Three_migrators_at_once_on_an_empty_server_all_succeed_and_every_index_is_valid()
    {
        var catalog = MigrationCatalog.FromEmbeddedResources(typeof(MigrationRunner).Assembly);
        var connectionString = _server.ConnectionString("cortex_concurrent");

        var applied = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => MigrateAsync(connectionString, catalog))));

        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(catalog.Migrations.Count, applied.Sum());
        Assert.Equal(catalog.Migrations.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM public.schema_migrations"));
        Assert.Equal(0, await ScalarAsync<long>(database, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
        Assert.Equal(3, await ScalarAsync<long>(database,
            "SELECT count(*) FROM pg_indexes WHERE indexname IN ('ix_users_leaderboard', 'ix_users_xp', 'ix_users_active')"));
    }

    [Fact]
    public async Task An_index_left_invalid_by_a_dead_concurrent_build_is_rebuilt_by_the_next_migrator()
    {
        var catalog = MigrationCatalog.FromEmbeddedResources(typeof(MigrationRunner).Assembly);
        var connectionString = _server.ConnectionString("cortex_repair");
        await MigrateAsync(connectionString, catalog);
        await using var database = NpgsqlDataSource.Create(connectionString);
        // What a CREATE INDEX CONCURRENTLY killed half-way leaves behind.
        await ScalarAsync<int>(database, "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'economy.ix_users_xp'::regclass RETURNING 1");

        var again = await MigrateAsync(connectionString, catalog);

        Assert.Equal(0, again);
        Assert.True(await ScalarAsync<bool>(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'economy.ix_users_xp'::regclass"));
        Assert.Equal("CREATE INDEX ix_users_xp ON economy.users USING btree (guild_id, xp DESC) INCLUDE (user_id)",
            await ScalarAsync<string>(database, "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_users_xp'"));
    }

    // What the migrator's host does: create the database if missing, then apply what is pending.
    private static async Task<int> MigrateAsync(string connectionString, MigrationCatalog catalog)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:economydb"] = connectionString })
            .Build();
        await new DatabaseCreator(configuration, NullLogger<DatabaseCreator>.Instance).EnsureExistsAsync(CancellationToken.None);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await new MigrationRunner(dataSource, catalog, new ServiceRoleProvisioner(dataSource, new ServiceLogins([]), NullLogger<ServiceRoleProvisioner>.Instance), NullLogger<MigrationRunner>.Instance)
            .ApplyPendingAsync(CancellationToken.None);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
