using Cortex.Events.Contract;
using Cortex.Events.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>How a service subscribes to Discord events: a group, then one handler per event (eShop's AddSubscription).</summary>
public static class EventConsumerExtensions
{
    /// <summary>
    /// Declares consumer group <paramref name="group"/> (options under <c>Events:Consumers:{group}</c>, over
    /// <paramref name="defaults"/>). Handlers are added with <see cref="EventConsumerBuilder.On{TEvent, THandler}"/>;
    /// the readers run once <see cref="AddEventReaders"/> is called.
    /// </summary>
    public static EventConsumerBuilder AddEventConsumer(this IServiceCollection services, string group, Action<EventConsumerOptions>? defaults = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<EventMetrics>();
        services.AddEventStreamOptions();
        services.TryAddSingleton(sp => new HandledEvents(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IOptions<EventStreamOptions>>().Value.HandledKeyPrefix));
        services.AddOptions<EventConsumerOptions>(group)
            .Configure(options => defaults?.Invoke(options))
            .BindConfiguration($"{EventConsumerOptions.Section}:{group}")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return new EventConsumerBuilder(services, group);
    }

    /// <summary>Runs one reader per consumer group and stream that has handlers.</summary>
    public static IServiceCollection AddEventReaders(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventReaders>());
        return services;
    }
}

public sealed class EventConsumerBuilder(IServiceCollection services, string group)
{
    public IServiceCollection Services => services;

    /// <summary>Hands <paramref name="event"/> to <typeparamref name="THandler"/> (a singleton); one handler per event and group.</summary>
    public EventConsumerBuilder On<TEvent, THandler>(DiscordEvent<TEvent> @event)
        where TEvent : class
        where THandler : class, IEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (services.Any(d => d.ImplementationInstance is EventSubscription s && s.Group == group && s.EventName == @event.Name))
        {
            throw new InvalidOperationException($"Consumer group {group} already has a handler for {@event.Name}.");
        }

        services.TryAddSingleton<THandler>();
        services.AddSingleton(EventSubscription.For<TEvent, THandler>(group, @event));
        return this;
    }
}
