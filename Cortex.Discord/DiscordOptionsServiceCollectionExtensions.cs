using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cortex.Discord;

public static class DiscordOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="DiscordOptions"/> from the <c>Discord</c> section and validates it at start. Idempotent:
    /// the REST client, the gateway and the interactions endpoint all call it, and the section is bound once.
    /// </summary>
    public static IServiceCollection AddDiscordOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(descriptor => descriptor.ImplementationType == typeof(DiscordOptionsValidator)))
        {
            return services;
        }

        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        return services;
    }
}
