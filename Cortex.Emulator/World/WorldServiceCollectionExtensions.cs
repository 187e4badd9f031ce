using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cortex.Emulator.World;

/// <summary>Registers the emulator's world.</summary>
public static class WorldServiceCollectionExtensions
{
    /// <summary>Adds the singleton <see cref="EmulatorWorld"/> (idempotent: the gateway and REST both call it).</summary>
    public static IServiceCollection AddEmulatorWorld(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new EmulatorWorld(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
