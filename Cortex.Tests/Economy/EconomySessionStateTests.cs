using System.Text.RegularExpressions;

namespace Cortex.Tests.Economy;

/// <summary>
/// The economy's pooled connections skip Npgsql's reset on close (Storage/StorageExtensions.cs): seven statements
/// less per request, safe only while no SQL the economy runs leaves session state behind for the next user of the
/// connection. This reads every SQL text the economy can run (its C# and the economy migrations' functions) for
/// the statements that would.
/// </summary>
public sealed partial class EconomySessionStateTests
{
    [Fact]
    public void No_economy_sql_leaves_session_state_on_a_pooled_connection()
    {
        var root = RepositoryRoot();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "Cortex.Economy"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "Cortex.Migrator", "Migrations"), "01*.sql"))
            .ToList();
        Assert.NotEmpty(sources);

        var findings = sources
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, number: index + 1)))
            .Where(entry => LeavesSessionState(entry.line))
            .Select(entry => $"{Path.GetRelativePath(root, entry.path)}:{entry.number}: {entry.line.Trim()}")
            .ToList();

        Assert.True(findings.Count == 0, "Session state on a pooled connection that is no longer reset:\n" + string.Join('\n', findings));
    }

    [Theory]
    [InlineData("\"LISTEN balance_changed\"")]
    [InlineData("CREATE TEMP TABLE scratch (id bigint)")]
    [InlineData("SELECT pg_advisory_lock(42)")]
    [InlineData("PERFORM set_config('app.guild', '1', false);")]
    [InlineData("    SET statement_timeout = '1s';")]
    [InlineData("\"SET ROLE cortex_ai\"")]
    [InlineData("PREPARE top_users AS SELECT 1")]
    public void The_scan_recognises_each_kind_of_session_state(string line) => Assert.True(LeavesSessionState(line), line);

    [Theory]
    [InlineData("LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$")]
    [InlineData("    PERFORM pg_advisory_xact_lock(hashtext('economy.ensure_ledger_partitions'));")]
    [InlineData("    SET balance = balance - p_amount, version = version + 1")]
    [InlineData("// Kestrel listens on the internal port")]
    public void Transaction_scoped_and_function_scoped_settings_are_not_flagged(string line) => Assert.False(LeavesSessionState(line), line);

    // A function's own SET clause (on its LANGUAGE line) lasts for the call; everything matched here outlives the statement.
    private static bool LeavesSessionState(string line) =>
        SessionState().IsMatch(line) && !(SessionSetting().IsMatch(line) && FunctionClause().IsMatch(line) && !OtherState().IsMatch(line));

    [GeneratedRegex(@"\bLISTEN\s+\w|\bCREATE\s+(TEMP|TEMPORARY)\s+TABLE\b|\bpg_(try_)?advisory_lock(_shared)?\s*\(|\bset_config\s*\([^)]*,\s*false\s*\)|\bSET\s+(SESSION\s+)?(ROLE|AUTHORIZATION|search_path|statement_timeout|lock_timeout|idle_in_transaction_session_timeout|TIME\s+ZONE|timezone|application_name|work_mem|synchronous_commit|enable_\w+)\b|\bPREPARE\s+\w+\s*(\(|AS\b)|\bWITH\s+HOLD\b")]
    private static partial Regex SessionState();

    [GeneratedRegex(@"\bSET\s+(SESSION\s+)?(search_path|statement_timeout|lock_timeout|work_mem|synchronous_commit)\b")]
    private static partial Regex SessionSetting();

    [GeneratedRegex(@"\bLANGUAGE\s+(plpgsql|sql)\b")]
    private static partial Regex FunctionClause();

    [GeneratedRegex(@"\bLISTEN\s+\w|\bCREATE\s+(TEMP|TEMPORARY)\s+TABLE\b|\bpg_(try_)?advisory_lock(_shared)?\s*\(|\bset_config\s*\(|\bPREPARE\s+\w+|\bWITH\s+HOLD\b")]
    private static partial Regex OtherState();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (Cortex.sln) was not found.");
    }
}
