using System.Diagnostics;
using Cortex.Migrator.ServiceRoles;
using Npgsql;

namespace Cortex.Migrator.Migrating;

/// <summary>
/// Applies the catalog's pending migrations in order, once each, under an advisory lock so that any
/// number of migrators (two deploys, a test and a developer) never interleave: one applies, the others
/// wait, then find everything applied and succeed. Under the same lock it then gives each service's role
/// its grants on what the schema now holds.
/// </summary>
public sealed partial class MigrationRunner(
    NpgsqlDataSource dataSource, MigrationCatalog catalog, ServiceRoleProvisioner serviceRoles, ILogger<MigrationRunner> logger)
{
    // Any constant both migrators agree on; spelled "cortex" in ASCII.
    private const long AdvisoryLockKey = 0x636f72746578;
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<int> ApplyPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS public.schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = await LoadAppliedAsync(connection, cancellationToken);
            var count = 0;
            foreach (var migration in catalog.Migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:D4}_{migration.Name} was edited after it was applied. Add a new migration instead.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken);
                count++;
            }

            await InvalidIndexRepair.RunAsync(connection, logger, cancellationToken);
            LogUpToDate(logger, catalog.Migrations.Count, count);
            await serviceRoles.ApplyAsync(cancellationToken);
            return count;
        }
        finally
        {
            // A broken connection has released the lock with its session; unlocking would only hide the real error.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Takes the session lock by polling <c>pg_try_advisory_lock</c>. A waiting <c>pg_advisory_lock</c>
    /// is a statement in progress, i.e. an open transaction, and <c>CREATE INDEX CONCURRENTLY</c> in the
    /// holder waits for every older transaction to end: the two would deadlock. A waiter that polls
    /// holds nothing between attempts.
    /// </summary>
    private async Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLockKey})", connection);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }

            if (attempt == 0)
            {
                LogWaitingForLock(logger);
            }

            await Task.Delay(LockPollInterval, cancellationToken);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        LogApplying(logger, migration.Version, migration.Name, migration.RunsInTransaction);
        if (migration.RunsInTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, migration.Sql, cancellationToken, transaction);
            await RecordAsync(connection, migration, cancellationToken, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            // Each statement commits on its own; the file must be safe to re-run from the top if we die
            // half-way (IF NOT EXISTS, or DROP ... IF EXISTS before CREATE ... CONCURRENTLY).
            foreach (var statement in migration.SplitStatements())
            {
                await ExecuteAsync(connection, statement, cancellationToken);
            }

            await RecordAsync(connection, migration, cancellationToken);
        }

        LogApplied(logger, migration.Version, migration.Name, stopwatch.ElapsedMilliseconds);
    }

    private static async Task<Dictionary<int, string>> LoadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM public.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task RecordAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction);
        command.Parameters.AddWithValue(migration.Version);
        command.Parameters.AddWithValue(migration.Name);
        command.Parameters.AddWithValue(migration.Checksum);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying migration {Version:D4}_{Name} (in transaction: {InTransaction})")]
    private static partial void LogApplying(ILogger logger, int version, string name, bool inTransaction);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version:D4}_{Name} in {ElapsedMs} ms")]
    private static partial void LogApplied(ILogger logger, int version, string name, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another migrator holds the migration lock; waiting for it to finish")]
    private static partial void LogWaitingForLock(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema up to date: {Total} migrations known, {Applied} applied now")]
    private static partial void LogUpToDate(ILogger logger, int total, int applied);
}
