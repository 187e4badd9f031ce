using Cortex.Migrator.ServiceRoles;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Migrator;

/// <summary>
/// The migrator's provisioning of service roles, on fresh databases of the app's PostgreSQL server
/// with role names of their own, so each test sees roles created from nothing.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ServiceRoleProvisioningTests(CortexAppFixture fixture)
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];

    private async Task<NpgsqlConnectionStringBuilder> OwnerAsync(string? database = null) =>
        new(await fixture.ConnectionStringAsync("economydb")) { Database = database ?? "economydb" };

    private async Task<string> CreateDatabaseAsync()
    {
        var name = $"{_prefix}_{Guid.NewGuid():N}"[..30];
        await using var admin = new NpgsqlConnection((await OwnerAsync("postgres")).ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Each known service's login on <paramref name="database"/>, as role <c>{prefix}_{service}</c>.</summary>
    private async Task<ServiceLogins> LoginsAsync(string database, string password = "first-password")
    {
        var owner = await OwnerAsync(database);
        return ServiceLogins.From(owner.ConnectionString, ServiceLogins.Known.ToDictionary(
            known => known.Service,
            known => LoginString(owner, $"{_prefix}_{known.Service}", password)));
    }

    private static string LoginString(NpgsqlConnectionStringBuilder owner, string role, string password) =>
        new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = role, Password = password, Pooling = false }.ConnectionString;

    private async Task MigrateAsync(string database, ServiceLogins logins)
    {
        await using var dataSource = NpgsqlDataSource.Create((await OwnerAsync(database)).ConnectionString);
        await CortexAppFixture.CreateRunner(dataSource, logins).ApplyPendingAsync(CancellationToken.None);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsOwnerAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection((await OwnerAsync(database)).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> HasAsync(string database, string role, string privilege, string table) =>
        await ScalarAsync<bool>((await OwnerAsync(database)).ConnectionString, $"SELECT has_table_privilege('{role}', '{table}', '{privilege}')");

    [Fact]
    public async Task Migrators_running_at_once_all_succeed_and_every_role_logs_in_with_its_grants()
    {
        // Two migrators on one new database (the advisory lock serialises them) and two on each of
        // three more databases of the same server, all creating the same new roles: roles belong to
        // the server, not to a database, so those race for real.
        var fresh = await CreateDatabaseAsync();
        string[] others = [await CreateDatabaseAsync(), await CreateDatabaseAsync(), await CreateDatabaseAsync()];
        foreach (var other in others)
        {
            await MigrateAsync(other, new ServiceLogins([]));
        }

        string[] databases = [fresh, fresh, .. others, .. others];
        await Task.WhenAll(databases.Select(async database => await MigrateAsync(database, await LoginsAsync(database))));

        foreach (var database in databases.Distinct())
        {
            var economy = LoginString(await OwnerAsync(database), $"{_prefix}_economy", "first-password");
            Assert.Equal($"{_prefix}_economy", await ScalarAsync<string>(economy, "SELECT current_user"));
            Assert.Equal(0L, await ScalarAsync<long>(economy, "SELECT count(*) FROM economy.transactions"));
            Assert.True(await HasAsync(database, $"{_prefix}_ai", "INSERT", "moderation.audit_log"));
        }

        Assert.Equal(1L, await ScalarAsync<long>((await OwnerAsync(fresh)).ConnectionString, "SELECT count(*) FROM pg_roles WHERE rolname = '" + _prefix + "_economy'"));
    }

    [Fact]
    public async Task Every_run_makes_the_grants_files_the_whole_truth()
    {
        var database = await CreateDatabaseAsync();
        var logins = await LoginsAsync(database);
        await MigrateAsync(database, logins);
        var role = $"{_prefix}_economy";
        await ExecuteAsOwnerAsync(database, $"""
            GRANT DELETE, TRUNCATE ON economy.transactions TO {role};
            GRANT CREATE ON SCHEMA economy TO {role};
            GRANT SELECT ON moderation.audit_log TO {role};
            REVOKE INSERT ON economy.users FROM {role};
            """);

        await MigrateAsync(database, logins);

        Assert.False(await HasAsync(database, role, "DELETE", "economy.transactions"));
        Assert.False(await HasAsync(database, role, "TRUNCATE", "economy.transactions"));
        Assert.False(await HasAsync(database, role, "SELECT", "moderation.audit_log"));
        Assert.False(await ScalarAsync<bool>((await OwnerAsync(database)).ConnectionString, $"SELECT has_schema_privilege('{role}', 'economy', 'CREATE')"));
        Assert.True(await HasAsync(database, role, "INSERT", "economy.users"));
    }

    [Fact]
    public async Task A_new_password_takes_effect_on_the_next_run_and_the_old_one_stops_working()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database, await LoginsAsync(database, "first-password"));

        await MigrateAsync(database, await LoginsAsync(database, "rotated-password"));

        var owner = await OwnerAsync(database);
        Assert.Equal(1, await ScalarAsync<int>(LoginString(owner, $"{_prefix}_ai", "rotated-password"), "SELECT 1"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(LoginString(owner, $"{_prefix}_ai", "first-password"), "SELECT 1"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task A_role_that_already_holds_too_much_is_refused_not_used()
    {
        var database = await CreateDatabaseAsync();
        await ExecuteAsOwnerAsync(database, $"CREATE ROLE {_prefix}_economy LOGIN CREATEDB");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await MigrateAsync(database, await LoginsAsync(database)));

        Assert.Contains("may create databases", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_login_that_is_the_owner_itself_is_refused()
    {
        var owner = await OwnerAsync();

        var error = Assert.Throws<InvalidOperationException>(() => ServiceLogins.From(
            owner.ConnectionString, new Dictionary<string, string> { ["economy"] = owner.ConnectionString }));

        Assert.Contains("the migrator's own (owner) login", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_table_of_the_schema_is_granted_to_some_service()
    {
        // A migration that adds a table and forgets its grant would leave the service refused at run time.
        var ungranted = await ScalarAsync<string[]>((await OwnerAsync()).ConnectionString, """
            SELECT coalesce(array_agg(n.nspname || '.' || c.relname), '{}') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('economy', 'ai', 'moderation') AND c.relkind IN ('r', 'p')
              -- A partition is reached through its partitioned table, whose grant is the one that counts.
              AND NOT c.relispartition
              AND NOT has_table_privilege('cortex_economy', c.oid, 'SELECT') AND NOT has_table_privilege('cortex_ai', c.oid, 'SELECT')
            """);

        Assert.Empty(ungranted);
    }
}
