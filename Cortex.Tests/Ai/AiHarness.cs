using Cortex.Ai;
using Cortex.Ai.Guilds;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace Cortex.Tests.Ai;

/// <summary>
/// The AI worker's services as Program.cs wires them, on the app's real Redis and a fresh
/// migrated PostgreSQL database, talking to a <see cref="FakeUpstream"/> for OpenAI and Discord.
/// </summary>
public sealed class AiHarness : IAsyncDisposable
{
    private AiHarness(ServiceProvider services, FakeUpstream upstream, IConnectionMultiplexer redis, NpgsqlDataSource database, string prefix)
    {
        Services = services;
        Upstream = upstream;
        Redis = redis;
        Database = database;
        Prefix = prefix;
    }

    public ServiceProvider Services { get; }

    public FakeUpstream Upstream { get; }

    public IConnectionMultiplexer Redis { get; }

    public NpgsqlDataSource Database { get; }

    public string Prefix { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<AiHarness> StartAsync(CortexAppFixture fixture, string name, IDictionary<string, string?>? settings = null)
    {
        var upstream = await FakeUpstream.StartAsync();
        var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        var database = await fixture.CreateMigratedDatabaseAsync(name);
        var prefix = $"test:{name}:{Guid.NewGuid():N}:";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "fake-key",
            ["OpenAI:Endpoint"] = upstream.OpenAiEndpoint.ToString(),
            ["OpenAI:MaxRetries"] = "2",
            ["OpenAI:AttemptTimeout"] = "00:00:05",
            ["OpenAI:TotalTimeout"] = "00:00:20",
            ["Discord:Token"] = "fake.bot.token",
            ["Discord:RestBaseAddress"] = upstream.DiscordRestBase.ToString(),
            ["Ai:RedisKeyPrefix"] = prefix,
            ["Ai:Streams:MessagesStream"] = prefix + "messages",
            ["Ai:Streams:InteractionsStream"] = prefix + "interactions",
            ["Ai:Streams:ClaimIdle"] = "00:00:01",
            ["Ai:Streams:ClaimInterval"] = "00:00:00.200",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IConnectionMultiplexer>(redis)
            .AddSingleton(database)
            .AddAiCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new AiHarness(services, upstream, redis, database, prefix);
    }

    public Task ConfigureGuildAsync(ulong guildId, GuildOverrides overrides) => Get<GuildSettingsStore>().SaveAsync(guildId, overrides, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Upstream.DisposeAsync();
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }
}
