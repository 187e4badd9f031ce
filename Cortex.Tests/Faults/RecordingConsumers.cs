using System.Collections.Concurrent;
using Cortex.Discord.Models;
using Cortex.Events.Consuming;
using Cortex.Events.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Cortex.Tests.Faults;

/// <summary>
/// The services' consumer-group reader (<see cref="EventReader"/>), unchanged, on a stream of the test's own, with a
/// MESSAGE_CREATE handler that records the event ids it was given (and can be made slow or failing): what a fault
/// test needs to see whether every routed event reached a consumer, and how often.
/// </summary>
internal sealed class RecordingReader : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private RecordingReader(ServiceProvider services, EventReader reader)
    {
        _services = services;
        Reader = reader;
    }

    public EventReader Reader { get; }

    public RecordingHandler Handler => _services.GetRequiredService<RecordingHandler>();

    public ConcurrentDictionary<string, int> Seen => Handler.Seen;

    /// <param name="settings">Overrides of <c>Events:Consumers:{group}:*</c> (e.g. MaxDeliveries).</param>
    public static RecordingReader Create(IConnectionMultiplexer redis, string stream, string group, string consumer = "c1", IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Events:Streams:Messages"] = stream,
            ["Events:Streams:HandledKeyPrefix"] = stream + ":handled",
            [$"Events:Consumers:{group}:Consumer"] = consumer,
            [$"Events:Consumers:{group}:ClaimIdle"] = "00:00:01",
            [$"Events:Consumers:{group}:ClaimInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[$"Events:Consumers:{group}:{key}"] = value;
        }

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(redis)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddEventConsumer(group).On<Message, RecordingHandler>(DiscordEvents.MessageCreate);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new RecordingReader(provider, EventReader.Create(provider, group, EventStream.Messages));
    }

    public Task StartAsync() => Reader.StartAsync(CancellationToken.None);

    public Task StopAsync() => Reader.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Reader.StopAsync(CancellationToken.None);
        Reader.Dispose();
        await _services.DisposeAsync();
    }
}

/// <summary>Records each MESSAGE_CREATE's id; <see cref="Behaviour"/> runs first (a delay, a failure).</summary>
internal sealed class RecordingHandler : IEventHandler<Message>
{
    public ConcurrentDictionary<string, int> Seen { get; } = new();

    /// <summary>Calls per id, failed ones included.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public Func<Message, Task>? Behaviour { get; set; }

    public async Task HandleAsync(Message discordEvent, EventContext context, CancellationToken cancellationToken)
    {
        var id = discordEvent.Id.ToString();
        Calls.AddOrUpdate(id, 1, (_, count) => count + 1);
        if (Behaviour is { } behaviour)
        {
            await behaviour(discordEvent);
        }

        Seen.AddOrUpdate(id, 1, (_, count) => count + 1);
    }
}

internal static class ConsumerGroups
{
    /// <summary>How many consumer groups read <paramref name="stream"/>; 0 before it exists.</summary>
    public static async Task<int> CountAsync(IDatabase database, string stream)
    {
        try
        {
            return (await database.StreamGroupInfoAsync(stream)).Length;
        }
        catch (RedisServerException)
        {
            return 0;
        }
    }

    /// <summary>A MESSAGE_CREATE entry as the gateway writes it, for message <paramref name="id"/>.</summary>
    public static NameValueEntry[] Message(ulong id, string content = "hello") =>
    [
        new("t", "MESSAGE_CREATE"),
        new("shard", 0),
        new("s", 1),
        new("id", id),
        new("d", $$"""{"id":"{{id}}","channel_id":"2","guild_id":"3","author":{"id":"4","username":"u"},"content":"{{content}}","timestamp":"2026-12-03T00:00:00+00:00"}"""),
    ];
}
