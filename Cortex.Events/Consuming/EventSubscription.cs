using Cortex.Events.Contract;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Events.Consuming;

/// <summary>One handler for one event in one consumer group: decodes the payload once and calls the handler.</summary>
public sealed class EventSubscription
{
    private readonly Func<IServiceProvider, ReadOnlyMemory<byte>, EventContext, CancellationToken, Task> _handle;

    private EventSubscription(string group, string eventName, EventStream stream, EventDedupe dedupe, Func<IServiceProvider, ReadOnlyMemory<byte>, EventContext, CancellationToken, Task> handle)
    {
        Group = group;
        EventName = eventName;
        Stream = stream;
        Dedupe = dedupe;
        _handle = handle;
    }

    public string Group { get; }

    public string EventName { get; }

    public EventStream Stream { get; }

    public EventDedupe Dedupe { get; }

    public static EventSubscription For<TEvent, THandler>(string group, DiscordEvent<TEvent> @event)
        where TEvent : class
        where THandler : IEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(@event);
        return new EventSubscription(group, @event.Name, @event.Stream, @event.Dedupe, (services, payload, context, cancellationToken) =>
            services.GetRequiredService<THandler>().HandleAsync(@event.Decode(payload.Span), context, cancellationToken));
    }

    /// <exception cref="System.Text.Json.JsonException">The payload is not the event.</exception>
    public Task HandleAsync(IServiceProvider services, ReadOnlyMemory<byte> payload, EventContext context, CancellationToken cancellationToken) =>
        _handle(services, payload, context, cancellationToken);
}
