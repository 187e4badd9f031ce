using Npgsql;

namespace Cortex.Migrator.ServiceRoles;

/// <summary>
/// Makes each service's login role exist with its password and exactly the grants its file names:
/// no superuser, no CREATEROLE/CREATEDB, owner of nothing, no CREATE anywhere, no TRUNCATE, and no
/// UPDATE/DELETE on the append-only tables. Runs on every migration, after the schema changes and
/// under the same advisory lock (held by the caller), so a table a migration adds is granted in the same run.
/// </summary>
public sealed partial class ServiceRoleProvisioner(NpgsqlDataSource dataSource, ServiceLogins logins, ILogger<ServiceRoleProvisioner> logger)
{
    private const int MaxAttempts = 5;

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        foreach (var login in logins.All)
        {
            await RetryConcurrentRoleChangesAsync(() => ApplyAsync(login, cancellationToken), cancellationToken);
            LogProvisioned(logger, login.Service, login.Role);
        }
    }

    // A connection of its own per attempt: Npgsql closes one on "tuple concurrently updated" (XX000).
    private async Task ApplyAsync(ServiceLogin login, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var bind = new NpgsqlCommand(ServiceRoleStatements.Bind, connection, transaction))
        {
            bind.Parameters.AddWithValue(login.Role);
            bind.Parameters.AddWithValue(ScramVerifier.Create(login.Password));
            await bind.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, transaction, ServiceRoleStatements.EnsureRole, cancellationToken);
        await using (var check = new NpgsqlCommand(ServiceRoleStatements.Problems, connection, transaction))
        {
            if (await check.ExecuteScalarAsync(cancellationToken) is string[] { Length: > 0 } problems)
            {
                throw new InvalidOperationException(
                    $"Role '{login.Role}' of the {login.Service} service {string.Join(", ", problems)}; a service role must hold none of that. Fix the role as an administrator or name another one.");
            }
        }

        await ExecuteAsync(connection, transaction, ServiceRoleStatements.RevokeFromPublic, cancellationToken);
        await ExecuteAsync(connection, transaction, ServiceRoleStatements.RevokeEverything, cancellationToken);
        await ExecuteAsync(connection, transaction, login.GrantsSql.Replace("{role}", QuoteIdentifier(login.Role), StringComparison.Ordinal), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // Roles are shared by every database of the server, while the advisory lock guards one database:
    // two migrators of two databases can race to create or alter the same role. The loser retries.
    private static async Task RetryConcurrentRoleChangesAsync(Func<Task> apply, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await apply();
                return;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && IsConcurrentRoleChange(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250)), cancellationToken);
            }
        }
    }

    private static bool IsConcurrentRoleChange(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject
        || (e.SqlState == PostgresErrorCodes.InternalError && e.MessageText.Contains("concurrently", StringComparison.Ordinal));

    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Service role for {Service} is {Role}, with its password and grants")]
    private static partial void LogProvisioned(ILogger logger, string service, string role);
}
