using Microsoft.Extensions.DependencyInjection.Extensions;
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
            dataSource =>
            {
                // Every hot statement is the same few texts (economy.transfer, the balance read, the
                // credit CTEs): prepared once per connection they skip PostgreSQL's parse and plan, as
                // pgbench's -M prepared does. A connection string that sets its own value wins.
                if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
                {
                    dataSource.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
                }
            });
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
}
