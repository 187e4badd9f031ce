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
        builder.AddNpgsqlDataSource("economydb");
        builder.AddRedisClient(
            "redis",
            // Economy keeps serving from PostgreSQL when Redis is down, so Redis is not a readiness
            // condition: an unready economy would be taken out of rotation for no reason.
            settings => settings.DisableHealthChecks = true,
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
