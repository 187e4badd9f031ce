using System.Collections.Concurrent;
using System.Globalization;
using Cortex.Discord.Models;
using Cortex.Events.Consuming;
using Cortex.Events.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Cortex.Tests.Events;

/// <summary>
/// A consumer process with GUILD_CREATE and GUILD_DELETE handlers, run as a service runs them (<c>AddEventConsumer</c>
/// + <c>AddEventReaders</c>), on the guild streams under <c>{prefix}:guilds</c>; it records every call.
/// </summary>
internal sealed class GuildEventConsumer : IAsyncDisposable
{
    public const string Group = "guild-events";
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private GuildEventConsumer(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
    }

    public GuildEventLog Log => _services.GetRequiredService<GuildEventLog>();

    public static async Task<GuildEventConsumer> StartAsync(IConnectionMultiplexer redis, string prefix, int partitions = 1)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Events:Streams:Guilds"] = prefix + ":guilds",
            ["Events:Streams:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
            ["Events:Streams:HandledKeyPrefix"] = prefix + ":handled",
            ["Events:Streams:ConsumersKeyPrefix"] = prefix + ":consumers",
            [$"Events:Consumers:{Group}:Consumer"] = "c1",
            [$"Events:Consumers:{Group}:ClaimIdle"] = "00:00:01",
            [$"Events:Consumers:{Group}:ClaimInterval"] = "00:00:00.200",
            [$"Events:Consumers:{Group}:IdlePoll"] = "00:00:00.020",
        };
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(redis)
            .AddSingleton<GuildEventLog>()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddEventConsumer(Group)
            .On<Guild, GuildCreateRecorder>(DiscordEvents.GuildCreate)
            .On<UnavailableGuild, GuildDeleteRecorder>(DiscordEvents.GuildDelete);
        services.AddEventReaders();
        var consumer = new GuildEventConsumer(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
        foreach (var hosted in consumer._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}

/// <summary>One handler call: the event, the entry it came in, and what the model decoded.</summary>
internal sealed record GuildEventCall(string Type, string Stream, string EntryId, ulong GuildId, string? Name, int Channels, int Roles, bool Removed);

internal sealed class GuildEventLog
{
    public ConcurrentQueue<GuildEventCall> Calls { get; } = new();

    public int Count(string type, ulong guild) => Calls.Count(call => call.Type == type && call.GuildId == guild);
}

internal sealed class GuildCreateRecorder(GuildEventLog log) : IEventHandler<Guild>
{
    public Task HandleAsync(Guild discordEvent, EventContext context, CancellationToken cancellationToken)
    {
        log.Calls.Enqueue(new("GUILD_CREATE", context.Stream, context.EntryId, discordEvent.Id.Value, discordEvent.Name, discordEvent.Channels?.Count ?? 0, discordEvent.Roles.Count, false));
        return Task.CompletedTask;
    }
}

internal sealed class GuildDeleteRecorder(GuildEventLog log) : IEventHandler<UnavailableGuild>
{
    public Task HandleAsync(UnavailableGuild discordEvent, EventContext context, CancellationToken cancellationToken)
    {
        log.Calls.Enqueue(new("GUILD_DELETE", context.Stream, context.EntryId, discordEvent.Id.Value, null, 0, 0, discordEvent.Removed));
        return Task.CompletedTask;
    }
}

/// <summary>GUILD_* stream entries as the gateway writes them (the guild's id in <c>id</c> and <c>g</c>).</summary>
internal static class GuildEntries
{
    public static NameValueEntry[] Create(ulong guild, string name, int sequence = 1) => Entry("GUILD_CREATE", guild, sequence, $$"""
        {"id":"{{guild}}","name":"{{name}}","owner_id":"42","roles":[{"id":"{{guild}}","name":"@everyone","permissions":"1024","position":0,"color":0}],
         "channels":[{"id":"{{guild + 1}}","type":0,"name":"general"},{"id":"{{guild + 2}}","type":2,"name":"voice"}],"member_count":2,"unavailable":false}
        """);

    public static NameValueEntry[] Delete(ulong guild, bool unavailable, int sequence = 1) =>
        Entry("GUILD_DELETE", guild, sequence, unavailable ? $$"""{"id":"{{guild}}","unavailable":true}""" : $$"""{"id":"{{guild}}"}""");

    private static NameValueEntry[] Entry(string type, ulong guild, int sequence, string json) =>
    [
        new("t", type),
        new("shard", 0),
        new("s", sequence),
        new("id", guild),
        new("g", guild),
        new("d", json),
    ];
}
