using System.Text.RegularExpressions;
using Npgsql;

namespace Cortex.Migrator.Migrating;

/// <summary>
/// A <c>CREATE INDEX CONCURRENTLY</c> that died (a crash, a cancelled deploy) leaves an index marked
/// invalid: never used by queries, yet still maintained on every write, and kept by
/// <c>CREATE INDEX IF NOT EXISTS</c>. Under the migration lock no index is being built, so every
/// invalid index is a leftover: it is dropped and built again from its own definition.
/// </summary>
public static partial class InvalidIndexRepair
{
    private const string InvalidIndexesSql = """
        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        """;

    /// <summary>Rebuilds every invalid index; call only while holding the migration lock.</summary>
    public static async Task<int> RunAsync(NpgsqlConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var invalid = new List<(string Name, string Definition)>();
        await using (var query = new NpgsqlCommand(InvalidIndexesSql, connection))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                invalid.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, definition) in invalid)
        {
            LogRepairing(logger, name);
            await ExecuteAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {name}", cancellationToken);
            await ExecuteAsync(connection, CreateIndexPrefix().Replace(definition, "CREATE $1INDEX CONCURRENTLY ", 1), cancellationToken);
        }

        return invalid.Count;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex("^CREATE (UNIQUE )?INDEX ", RegexOptions.CultureInvariant)]
    private static partial Regex CreateIndexPrefix();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index {Index} is invalid (a concurrent build died); dropping and building it again")]
    private static partial void LogRepairing(ILogger logger, string index);
}
