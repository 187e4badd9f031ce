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
        // Npgsql auto-prepare and Multiplexing are left off: both were blamed for a hang whose real
        // cause was a reader disposed twice (see SingleRow); re-measure before turning them on.
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
