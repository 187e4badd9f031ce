using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using StackExchange.Redis;

namespace Cortex.Economy.Storage;

public static class StorageExtensions
{
    /// <summary>Statements Npgsql keeps prepared per connection (its default is 0: off).</summary>
    public const int AutoPreparedStatements = 32;

    /// <summary>
    /// PostgreSQL (the source of truth; read-only queries through <see cref="ReadDataSource"/>) and
    /// Redis (cache, locks, rate limits, streams).
    /// </summary>
    public static IHostApplicationBuilder AddEconomyStorage(this IHostApplicationBuilder builder)
    {
        // Tracing per SQL and Redis command costs CPU on every transfer; keep it for when traces are exported.
        var tracing = builder.TracesExported();
        builder.AddNpgsqlDataSource(
            "economydb",
            settings => settings.DisableTracing |= !tracing,
            dataSource => UseLeanPooledConnections(dataSource.ConnectionStringBuilder));
        builder.AddEconomyReadSource(tracing);
        builder.AddRedisClient(
            "redis",
            // Economy keeps serving from PostgreSQL when Redis is down, so Redis is not a readiness
            // condition: an unready economy would be taken out of rotation for no reason.
            settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableTracing |= !tracing;
            },
            options =>
            {
                // Without this, commands issued while Redis is down wait in a backlog until they time
                // out; failing at once lets every caller fall back to PostgreSQL immediately.
                options.BacklogPolicy = BacklogPolicy.FailFast;
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2_000;
                options.AsyncTimeout = 2_000;
                options.SyncTimeout = 2_000;
            });
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// What a pooled connection costs per statement, brought to what pgbench pays (docs/benchmarks.md, "Economy").
    /// <list type="bullet">
    /// <item>Auto-prepare: every hot statement is the same few texts (economy.transfer, the balance read, the
    /// credit CTEs); prepared once per connection they skip PostgreSQL's parse and plan, as <c>-M prepared</c> does.</item>
    /// <item>No reset on close: by default Npgsql sends, ahead of the next statement on a connection taken back
    /// from the pool, a reset batch of seven statements (from CLOSE ALL and RESET ALL to DISCARD TEMP): seven
    /// more statements for PostgreSQL to parse and run per request, which pgbench never pays. The economy leaves
    /// no session state to reset: no session-level settings (its functions carry their own SET clauses), no
    /// temporary tables, no notifications, only transaction-scoped advisory locks; an open transaction is still
    /// rolled back on close. <c>EconomySessionStateTests</c> keeps it so.</item>
    /// </list>
    /// A connection string's own Max Auto Prepare wins.
    /// </summary>
    internal static void UseLeanPooledConnections(NpgsqlConnectionStringBuilder connection)
    {
        if (connection.MaxAutoPrepare == 0)
        {
            connection.MaxAutoPrepare = AutoPreparedStatements;
        }

        connection.NoResetOnClose = true;
    }
}
