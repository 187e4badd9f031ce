using Cortex.Ai;
using Cortex.Ai.Guilds;
using Cortex.Events.Consuming;
using Cortex.Tests.Events;
using Cortex.Tests.Faults;
using Cortex.Tests.Gateway;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Tests.Ai.Guilds;

/// <summary>
/// The AI worker's GUILD_DELETE handler, wired as Program.cs wires it (<c>AddAiCore</c> + the event readers), on a
/// redis-server of the test's own: when the bot is removed from a guild, replica A handles the event and replica B,
/// which holds the guild's configuration in its cache, forgets it at once; an outage's GUILD_DELETE forgets nothing.
/// </summary>
public sealed class GuildRemovedTests : IAsyncLifetime
{
    private const string Prefix = "guildremoved:";
    private const ulong Removed = 940_000_000_000_000_001;
    private const ulong Unreachable = 940_000_000_000_000_002;
    private RedisServer _redis = null!;
    private ServiceProvider _a = null!;
    private ServiceProvider _b = null!;
    private IHostedService[] _aReaders = [];
    private GuildConfigListener _bListener = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _a = Replica("a");
        _b = Replica("b");
        _aReaders = [.. _a.GetServices<IHostedService>()];
        foreach (var reader in _aReaders)
        {
            await reader.StartAsync(CancellationToken.None);
        }

        var changes = _b.GetRequiredService<GuildConfigChanges>();
        _bListener = new GuildConfigListener(_redis.Connection, changes, NullLogger<GuildConfigListener>.Instance);
        await _bListener.StartAsync(CancellationToken.None);
        var server = _redis.Connection.GetServer(_redis.Connection.GetEndPoints()[0]);
        for (var i = 0; i < 100 && ((long)(await server.ExecuteAsync("PUBSUB", "NUMSUB", changes.Channel.ToString()))[1] < 1
            || await ConsumerGroups.CountAsync(_redis.Database, Prefix + "guilds") < 1); i++)
        {
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var reader in _aReaders)
        {
            await reader.StopAsync(CancellationToken.None);
        }

        await _bListener.StopAsync(CancellationToken.None);
        _bListener.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_removed_guilds_cached_configuration_is_forgotten_on_every_replica_and_an_outage_forgets_nothing()
    {
        // B's cache, as GuildSettingsStore and ModerationConfigStore keep theirs: loaded once, then served from memory.
        var cache = new GuildConfigCache<string>(_b.GetRequiredService<GuildConfigChanges>(), TimeProvider.System, () => TimeSpan.FromMinutes(10));
        Assert.Equal("before", await cache.GetOrLoadAsync(Removed, (_, _) => Task.FromResult("before"), default));
        Assert.Equal("before", await cache.GetOrLoadAsync(Unreachable, (_, _) => Task.FromResult("before"), default));

        await _redis.Database.StreamAddAsync(Prefix + "guilds", GuildEntries.Delete(Unreachable, unavailable: true));
        await _redis.Database.StreamAddAsync(Prefix + "guilds", GuildEntries.Delete(Removed, unavailable: false));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await cache.GetOrLoadAsync(Removed, (_, _) => Task.FromResult("stored now"), default) != "stored now")
        {
            Assert.True(DateTime.UtcNow < deadline, "replica B still serves the removed guild's cached configuration");
            await Task.Delay(50);
        }

        for (var i = 0; i < 200 && (await _redis.Database.StreamPendingAsync(Prefix + "guilds", AiServiceExtensions.Group)).PendingMessageCount > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal("before", await cache.GetOrLoadAsync(Unreachable, (_, _) => Task.FromResult("stored now"), default));
        Assert.False(await _redis.Database.KeyExistsAsync(Prefix + "guilds:dead"));
    }

    private ServiceProvider Replica(string name)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ai:RedisKeyPrefix"] = Prefix,
            ["Events:Streams:Messages"] = Prefix + "messages",
            ["Events:Streams:Interactions"] = Prefix + "interactions",
            ["Events:Streams:Guilds"] = Prefix + "guilds",
            ["Events:Streams:HandledKeyPrefix"] = Prefix + "handled",
            [$"Events:Consumers:{AiServiceExtensions.Group}:Consumer"] = name,
            [$"Events:Consumers:{AiServiceExtensions.Group}:IdlePoll"] = "00:00:00.020",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_redis.Connection);
        services.AddAiCore(configuration);
        services.AddEventReaders();
        return services.BuildServiceProvider();
    }
}
