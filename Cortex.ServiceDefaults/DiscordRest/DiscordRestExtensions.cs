using Cortex.Discord;
using Cortex.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.ServiceDefaults.DiscordRest;

public static class DiscordRestExtensions
{
    /// <summary>
    /// Cortex.Discord's REST client (<see cref="DiscordRestServiceCollectionExtensions.AddDiscordRest"/>) with the
    /// global limit Cortex needs: shared through Redis by every process on the token when
    /// <see cref="DiscordOptions.ShareGlobalLimitThroughRedis"/> is set (the AppHost sets it), per process otherwise.
    /// </summary>
    public static IServiceCollection AddCortexDiscordRest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDiscordRest(configuration);
        services.Replace(ServiceDescriptor.Singleton<IGlobalRateLimiter>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
            var time = provider.GetRequiredService<TimeProvider>();
            return options.ShareGlobalLimitThroughRedis
                ? new RedisGlobalRateLimiter(provider.GetRequiredService<IConnectionMultiplexer>(), options.Token, options.GlobalRequestsPerSecond, time)
                : new LocalGlobalRateLimiter(options.GlobalRequestsPerSecond, time);
        }));
        return services;
    }
}
