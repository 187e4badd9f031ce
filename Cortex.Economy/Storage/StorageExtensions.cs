using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Cortex.Economy.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// PostgreSQL (the source of truth) and Redis (cache, locks, rate limits, streams).
    /// </summary>
    public static IHostApplicationBuilder AddEconomyStorage(this IHostApplicationBuilder builder)
    {
        // Tracing per SQL and Redis command costs CPU on every transfer; keep it for when traces are exported.
        var tracing = builder.TracesExported();
        // No auto-prepare (Max Auto Prepare) and no Multiplexing: with either, 16 simultaneous daily
        // claims have left a reader waiting forever in DisposeAsync for a reply PostgreSQL never owed
        // (the server showed the connection idle; seen in a dump of a hung test run). An operator can
        // still opt in through the connection string.
        builder.AddNpgsqlDataSource("economydb", settings => settings.DisableTracing |= !tracing);
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
