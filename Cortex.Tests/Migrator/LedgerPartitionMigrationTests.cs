using Cortex.Migrator.Migrating;
using Cortex.Migrator.ServiceRoles;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cortex.Tests.Migrator;

/// <summary>Migrations 0120 and 0121 on a ledger that already holds money: every row moves, every key still replays.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class LedgerPartitionMigrationTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task Partitioning_moves_every_existing_row_into_its_month_and_keeps_its_key()
    {
        await using var database = await CreateDatabaseAsync();
        var all = MigrationCatalog.FromEmbeddedResources(typeof(MigrationRunner).Assembly);
        await MigrateAsync(database, new MigrationCatalog([.. all.Migrations.Where(m => m.Version < 120)]));
        await ScalarAsync<long>(database, """
            INSERT INTO economy.users (guild_id, user_id, balance) VALUES (1, 1, 0), (1, 2, 0);
            INSERT INTO economy.transactions (guild_id, to_user_id, amount, type, actor_id, to_balance_after, created_at)
            VALUES (1, 1, 1000, 'admin_add', 9, 1000, '2001-01-10');
            UPDATE economy.users SET balance = 1000 WHERE user_id = 1;
            SELECT count(*) FROM economy.transfer(1, 1, 2, 10, 'old-march', '2025-03-04');
            SELECT count(*) FROM economy.transfer(1, 1, 2, 20, 'old-november', '2026-11-04')
            """);

        await MigrateAsync(database, all);

        Assert.Equal(
            "economy.transactions_2001_01 economy.transactions_2025_03 economy.transactions_2026_11",
            await ScalarAsync<string>(database, "SELECT string_agg(tableoid::regclass::text, ' ' ORDER BY id) FROM economy.transactions"));
        Assert.Equal(2L, await ScalarAsync<long>(database, "SELECT count(*) FROM economy.idempotency_keys"));
        Assert.Equal("replayed 2 990", await ScalarAsync<string>(database,
            "SELECT concat_ws(' ', outcome, transaction_id, from_balance) FROM economy.transfer(1, 1, 2, 10, 'old-march', now())"));
        Assert.Equal("applied 4", await ScalarAsync<string>(database,
            "SELECT concat_ws(' ', outcome, transaction_id) FROM economy.transfer(1, 1, 2, 5, 'new', now())"));
        Assert.Equal(0L, await ScalarAsync<long>(database, """
            SELECT count(*) FROM economy.users u JOIN economy.ledger_totals t USING (guild_id, user_id)
            WHERE u.balance + u.bank <> t.total
            """));
    }

    private async Task<NpgsqlDataSource> CreateDatabaseAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(await fixture.ConnectionStringAsync("economydb"));
        var name = $"test_partition_migration_{Guid.NewGuid():N}"[..40];
        await using (var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE \"{name}\"");
            await create.ExecuteNonQueryAsync();
        }

        server.Database = name;
        return NpgsqlDataSource.Create(server.ConnectionString);
    }

    private static Task<int> MigrateAsync(NpgsqlDataSource database, MigrationCatalog catalog) =>
        new MigrationRunner(database, catalog, new ServiceRoleProvisioner(database, new ServiceLogins([]), NullLogger<ServiceRoleProvisioner>.Instance), NullLogger<MigrationRunner>.Instance)
            .ApplyPendingAsync(CancellationToken.None);

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
