using System.Security.Cryptography;
using System.Text;

namespace Cortex.Migrator.Migrating;

/// <summary>One versioned SQL file, e.g. <c>0003_economy_leaderboard_index.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// First-line marker for files whose statements must run outside a transaction
    /// (<c>CREATE INDEX CONCURRENTLY</c> refuses to run inside one).
    /// </summary>
    public const string NoTransactionMarker = "-- migrate:no-transaction";

    public bool RunsInTransaction => !Sql.TrimStart().StartsWith(NoTransactionMarker, StringComparison.Ordinal);

    /// <summary>Detects an applied migration whose file was edited afterwards.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>
    /// Statements of a no-transaction file, one per command: Npgsql sends a multi-statement command as
    /// one implicit transaction, which is exactly what such files must avoid. Split on a semicolon that
    /// ends a line, which is enough for the DDL these files hold (no function bodies).
    /// </summary>
    public IReadOnlyList<string> SplitStatements() =>
        Sql.ReplaceLineEndings("\n")
            .Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(statement => statement.TrimEnd(';'))
            .Where(statement => statement.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            .ToArray();
}
