using Npgsql;

namespace Cortex.Tests.Hosting;

/// <summary>
/// The running app's services each log in to PostgreSQL as their own least-privilege role: connected
/// with the very connection string a service was started with, the role is no superuser, cannot
/// rewrite the append-only ledger or audit log, cannot switch their triggers off, cannot create
/// anything; <see cref="ServiceDatabaseJobsTests"/> shows the services still do their work.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ServiceDatabaseRolesTests(CortexAppFixture fixture)
{
    public static TheoryData<string, string> Roles => new() { { "economy", "cortex_economy" }, { "ai", "cortex_ai" } };

    public static TheoryData<string> Services => ["economy", "ai"];

    /// <summary>Every service against each append-only table: its own and the other's.</summary>
    public static TheoryData<string, string> AppendOnlyTables => new()
    {
        { "economy", "economy.transactions" }, { "economy", "moderation.audit_log" },
        { "ai", "moderation.audit_log" }, { "ai", "economy.transactions" },
    };

    private async Task<NpgsqlConnection> ConnectAsAsync(string service)
    {
        var connection = new NpgsqlConnection(await fixture.ServiceConnectionStringAsync(service));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<PostgresException> RefusedAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        return error;
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_service_logs_in_as_its_own_role_which_is_no_superuser_and_owns_nothing(string service, string role)
    {
        var owner = new NpgsqlConnectionStringBuilder(await fixture.ConnectionStringAsync("economydb")).Username;
        await using var connection = await ConnectAsAsync(service);

        Assert.Equal(role, await ScalarAsync<string>(connection, "SELECT current_user"));
        Assert.NotEqual(owner, role);
        Assert.False(await ScalarAsync<bool>(connection, "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_auth_members WHERE member = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
        Assert.Equal(0L, await ScalarAsync<long>(connection,
            "SELECT count(*) FROM pg_shdepend WHERE deptype = 'o' AND refobjid = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
    }

    [Theory]
    [MemberData(nameof(AppendOnlyTables))]
    public async Task No_service_may_update_delete_or_truncate_an_append_only_table(string service, string table)
    {
        await using var connection = await ConnectAsAsync(service);

        // WHERE false: only the privilege check can refuse, not the table's triggers.
        foreach (var sql in new[] { $"UPDATE {table} SET created_at = created_at WHERE false", $"DELETE FROM {table} WHERE false", $"TRUNCATE {table}" })
        {
            var error = await RefusedAsync(connection, sql);
            Assert.StartsWith("permission denied", error.MessageText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task No_service_may_switch_triggers_off(string service)
    {
        await using var connection = await ConnectAsAsync(service);

        await RefusedAsync(connection, "SET session_replication_role = replica");
        Assert.Equal("origin", await ScalarAsync<string>(connection, "SHOW session_replication_role"));
        await RefusedAsync(connection, "ALTER TABLE economy.transactions DISABLE TRIGGER tr_transactions_append_only");
        await RefusedAsync(connection, "ALTER TABLE moderation.audit_log DISABLE TRIGGER audit_log_no_update_or_delete");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task No_service_may_create_tables_in_any_schema_or_temporary_ones(string service)
    {
        await using var connection = await ConnectAsAsync(service);

        foreach (var schema in new[] { "public", "economy", "ai", "moderation" })
        {
            await RefusedAsync(connection, $"CREATE TABLE {schema}.intruder (id int)");
        }

        await RefusedAsync(connection, "CREATE TEMPORARY TABLE intruder (id int)");
        await RefusedAsync(connection, "CREATE SCHEMA intruder");
    }
}
