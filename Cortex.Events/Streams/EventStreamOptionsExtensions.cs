using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Events.Streams;

public static class EventStreamOptionsExtensions
{
    /// <summary>
    /// Binds <see cref="EventStreamOptions"/> (<c>Events:Streams</c>) and validates it at start. Idempotent: every
    /// consumer group and the gateway (which writes the streams) call it, and the section is bound once.
    /// </summary>
    public static IServiceCollection AddEventStreamOptions(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(EventStreamOptionsMarker)))
        {
            return services;
        }

        services.AddSingleton<EventStreamOptionsMarker>();
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    private sealed class EventStreamOptionsMarker;
}
