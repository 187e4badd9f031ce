using Cortex.Discord;
using Cortex.Discord.Gateway;
using Cortex.Events.Streams;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Health;
using Cortex.Gateway.Identify;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Leases;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Respawn;
using Cortex.Gateway.Routing;
using Cortex.Gateway.Sessions;
using Cortex.Gateway.Sharding;
using Cortex.Gateway.Status;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway;

/// <summary>Wires the shard manager: options, identify gate, sessions, leases, routing, cache, health, metrics, status.</summary>
internal static class GatewayServiceExtensions
{
    /// <summary>Registers the shard manager; needs a Redis <c>IConnectionMultiplexer</c> (AddRedisClient("redis")).</summary>
    public static TBuilder AddShardManager<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            // One setting for the producer and the consumers: how many partitions each stream is split into.
            .Configure<IOptions<EventStreamOptions>>((options, streams) => options.StreamPartitions = streams.Value.Partitions)
            .PostConfigure(options => options.ResolveReplicaId())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddEventStreamOptions();
        services.AddDiscordOptions(builder.Configuration);

        services.AddHttpClient<GatewayBotClient>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new GatewayKeys(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.KeyPrefix));
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<RedisIdentifyGate>();
        services.AddSingleton<IShardSessionStore, RedisShardSessionStore>();
        services.AddSingleton<StreamRouter>();
        services.AddSingleton<StreamTrimmer>();
        services.AddSingleton<StreamMetrics>();
        services.AddHostedService<StreamTrimService>();
        services.AddSingleton<ShardLeases>();
        services.AddSingleton<GuildCache>();
        services.AddSingleton<ShardManager>();
        services.AddHostedService(sp => sp.GetRequiredService<ShardManager>());
        services.AddSingleton<ShardRespawner>();
        services.AddSingleton<RespawnRequests>();
        services.AddHostedService(sp => sp.GetRequiredService<RespawnRequests>());
        services.AddSingleton<ShardHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ShardHealthMonitor>());
        services.AddSingleton<ShardReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<ShardReporter>());
        services.AddHostedService<PipelineProfiler>();
        services.AddHealthChecks().AddCheck<ShardsHealthCheck>("shards");
        return builder;
    }

    /// <summary>Maps GET /shards and the respawn commands.</summary>
    public static WebApplication MapShards(this WebApplication app)
    {
        ShardEndpoints.Map(app);
        return app;
    }
}
