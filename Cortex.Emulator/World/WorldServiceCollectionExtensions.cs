using Cortex.Emulator.Rest;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cortex.Emulator.World;

/// <summary>Registers the emulator's one world: the gateway, the REST API and the chat page all read and change it.</summary>
public static class WorldServiceCollectionExtensions
{
    /// <summary>
    /// Adds the singleton <see cref="DiscordState"/> (the store), its dispatch stream and the
    /// <see cref="WorldControl"/> view the gateway and the control API use. Idempotent: the gateway
    /// and REST both call it. <c>Emulator:World:SeedDevelopmentGuilds</c> (default true) seeds the
    /// development guilds the chat page opens on.
    /// </summary>
    public static IServiceCollection AddEmulatorWorld(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        EmulatorOptions.Register(services, configuration);
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(WorldControl)))
        {
            services.AddOptions<EmulatorWorldOptions>().Bind(configuration.GetSection(EmulatorWorldOptions.Section));
            services.AddOptions<RestEmulatorOptions>().Bind(configuration.GetSection(RestEmulatorOptions.Section));
        }

        services.TryAddSingleton<EmulatorDispatches>();
        services.TryAddSingleton<DiscordState>();
        services.TryAddSingleton<WorldControl>();
        return services;
    }
}

/// <summary>How the world starts (<c>Emulator:World</c>).</summary>
public sealed class EmulatorWorldOptions
{
    public const string Section = "Emulator:World";

    /// <summary>Seed "Cortex Dev" (with fake users, a moderator role and the bot's role) and "Locked Guild" at start.</summary>
    public bool SeedDevelopmentGuilds { get; set; } = true;
}
