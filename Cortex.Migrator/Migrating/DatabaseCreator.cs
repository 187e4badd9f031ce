using Npgsql;

namespace Cortex.Migrator.Migrating;

/// <summary>
/// Creates the application database when the server is new (local mode starts from a bare
/// <c>initdb</c>; container mode and managed servers usually have it already).
/// </summary>
public sealed partial class DatabaseCreator(IConfiguration configuration, ILogger<DatabaseCreator> logger)
{
    public async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        // The raw setting, not the data source's copy: Npgsql strips the password from that one.
        var connectionString = configuration.GetConnectionString("economydb")
            ?? throw new InvalidOperationException("ConnectionStrings:economydb is not set.");
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new InvalidOperationException("The economydb connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };

        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        // Identifiers cannot be parameters; quote it the way PostgreSQL does.
        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
            LogCreated(logger, database);
        }
        // Two CREATE DATABASE at once: the loser gets 42P04, or 23505 from pg_database's unique index.
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another migrator won the race; the database is there, which is all we need.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private static partial void LogCreated(ILogger logger, string database);
}
