using Npgsql;

namespace Cortex.Economy.Storage;

/// <summary>
/// Where read-only queries that may trail the primary by the replication lag go: the leaderboard, a
/// member's history, XP rank. <c>ConnectionStrings:economydb-read</c> names the servers (an Npgsql
/// multi-host string, <c>prefer-standby</c> unless it sets its own target session attributes);
/// without it this is the primary itself. Reads that must see a write just made stay on the primary:
/// idempotency lookups (a retry must find its first run), balances (the cache stores what it reads,
/// and a stale fill would outlive the lag), and anything inside a movement of money.
/// </summary>
public sealed class ReadDataSource(NpgsqlDataSource dataSource)
{
    /// <summary>The connection string name of the read servers.</summary>
    public const string ConnectionName = "economydb-read";

    public NpgsqlDataSource DataSource { get; } = dataSource;

    public NpgsqlCommand CreateCommand(string sql) => DataSource.CreateCommand(sql);

    /// <summary>
    /// Runs a read, again after a lost server (a read is safe to repeat): the pool's dead connections
    /// are dropped and the next attempt opens on a host that answers, the primary if no standby does.
    /// </summary>
    public Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        PostgresRetry.ExecuteAsync(read, cancellationToken, DataSource, idempotent: true);
}
