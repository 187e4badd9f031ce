using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.Discord.Rest;

public static class DiscordRestServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DiscordRestClient"/> bound to the <c>Discord</c> configuration section.
    /// The generic HTTP resilience handler is removed from its HttpClient: retrying a 429 without
    /// reading <c>retry_after</c> is exactly what Discord punishes. The default HTTP loggers are replaced
    /// by <see cref="DiscordHttpLogger"/>: they would log interaction tokens, which travel in the URL.
    /// </summary>
    public static IServiceCollection AddDiscordRest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDiscordOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new InvalidRequestGuard(
            provider.GetRequiredService<IOptions<DiscordOptions>>().Value.InvalidRequestLimit, provider.GetRequiredService<TimeProvider>()));
        // One process's limit; an application whose processes share a token registers a shared one instead.
        services.TryAddSingleton<IGlobalRateLimiter>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
            return new LocalGlobalRateLimiter(options.GlobalRequestsPerSecond, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<DiscordHttpLogger>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt a client out.
        services.AddHttpClient<DiscordRestClient>().RemoveAllResilienceHandlers().RemoveAllLoggers().AddLogger<DiscordHttpLogger>();
#pragma warning restore EXTEXP0001
        // The typed client is transient; its buckets must outlive each resolution.
        services.Replace(ServiceDescriptor.Singleton(provider => ActivatorUtilities.CreateInstance<DiscordRestClient>(provider,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DiscordRestClient)))));
        return services;
    }
}
