using Cortex.Discord.Models;
using Cortex.Events.Consuming;
using Cortex.Events.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Cortex.Tests.Events;

/// <summary>
/// One consumer process of a group as a service runs it (<c>AddEventConsumer</c> + <c>AddEventReaders</c>, the
/// hosted readers of every partition), handing MESSAGE_CREATE to a <see cref="GuildOrderHandler"/>.
/// </summary>
internal sealed class PartitionedConsumer : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;
    private bool _stopped;

    private PartitionedConsumer(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
    }

    public static async Task<PartitionedConsumer> StartAsync(IConnectionMultiplexer redis, string prefix, int partitions, string consumer, GuildOrderLedger ledger)
    {
        const string group = "ordered";
        var configuration = new Dictionary<string, string?>
        {
            ["Events:Streams:Messages"] = prefix + ":messages",
            ["Events:Streams:Partitions"] = partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Events:Streams:HandledKeyPrefix"] = prefix + ":handled",
            ["Events:Streams:ConsumersKeyPrefix"] = prefix + ":consumers",
            [$"Events:Consumers:{group}:Consumer"] = consumer,
            [$"Events:Consumers:{group}:MaxConcurrency"] = "8",
            [$"Events:Consumers:{group}:BatchSize"] = "16",
            [$"Events:Consumers:{group}:ClaimIdle"] = "00:00:01.500",
            [$"Events:Consumers:{group}:ClaimInterval"] = "00:00:00.200",
            [$"Events:Consumers:{group}:IdlePoll"] = "00:00:00.020",
        };
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(redis)
            .AddSingleton(ledger)
            .AddSingleton(new GuildOrderHandler.Name(consumer))
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddEventConsumer(group).On<Message, GuildOrderHandler>(DiscordEvents.MessageCreate);
        services.AddEventReaders();
        var started = new PartitionedConsumer(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        foreach (var hosted in started._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return started;
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            foreach (var hosted in _hosted)
            {
                await hosted.StopAsync(CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
