using System.Net.Http.Json;
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
/// migrated PostgreSQL database. The model is the emulator's OpenAI endpoint in the running app
/// (faults injected through its control API); Discord REST calls are recorded by a
/// <see cref="FakeUpstream"/>. A test that needs a model behaviour the emulator cannot produce
/// (scripted facts, a chosen Retry-After) asks for the fake model and says why.
/// </summary>
public sealed class AiHarness : IAsyncDisposable
{
    private AiHarness(ServiceProvider services, FakeUpstream upstream, IConnectionMultiplexer redis, NpgsqlDataSource database, string prefix, HttpClient? emulatorControl)
    {
        _configuration = services.GetRequiredService<IConfiguration>();
        _serviceDatabase = services.GetRequiredService<NpgsqlDataSource>();
        _emulatorControl = emulatorControl;
        Services = services;
        Upstream = upstream;
        Redis = redis;
        Database = database;
        Prefix = prefix;
    }

    private readonly HttpClient? _emulatorControl;
    private readonly IConfiguration _configuration;
    private readonly NpgsqlDataSource _serviceDatabase;

    public ServiceProvider Services { get; }

    public FakeUpstream Upstream { get; }

    public IConnectionMultiplexer Redis { get; }

    public NpgsqlDataSource Database { get; }

    public string Prefix { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<AiHarness> StartAsync(CortexAppFixture fixture, string name, IDictionary<string, string?>? settings = null, bool fakeModel = false)
    {
        var upstream = await FakeUpstream.StartAsync();
        var emulatorControl = fakeModel ? null : fixture.CreateHttpClient("emulator");
        var openAiEndpoint = fakeModel ? upstream.OpenAiEndpoint : new Uri(fixture.App.GetEndpoint("emulator", "http"), "v1");
        var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        var database = await fixture.CreateMigratedDatabaseAsync(name);
        // The services log in as the AI worker's own role, as in production; Database stays the owner's, for assertions.
        var serviceDatabase = await fixture.AsServiceAsync(database, "ai");
        var prefix = $"test:{name}:{Guid.NewGuid():N}:";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = fakeModel ? "fake-key" : Cortex.AppHost.Integrations.ExternalApis.EmulatorOpenAiKey,
            ["OpenAI:Endpoint"] = openAiEndpoint.ToString(),
            ["OpenAI:MaxRetries"] = "2",
            ["OpenAI:AttemptTimeout"] = "00:00:05",
            ["OpenAI:TotalTimeout"] = "00:00:20",
            ["Discord:Token"] = "fake.bot.token",
            ["Discord:RestBaseAddress"] = upstream.DiscordRestBase.ToString(),
            ["Ai:RedisKeyPrefix"] = prefix,
            ["Events:Streams:Messages"] = prefix + "messages",
            ["Events:Streams:Interactions"] = prefix + "interactions",
            ["Events:Streams:Guilds"] = prefix + "guilds",
            ["Events:Streams:HandledKeyPrefix"] = prefix + "handled",
            ["Events:Consumers:cortex-ai:ClaimIdle"] = "00:00:01",
            ["Events:Consumers:cortex-ai:ClaimInterval"] = "00:00:00.200",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

        return new AiHarness(Build(configuration, redis, serviceDatabase, ownsDatabase: true), upstream, redis, database, prefix, emulatorControl);
    }

    /// <summary>
    /// A second AI replica: the same configuration, key prefix and database, its own services and its own
    /// Redis connection, as another process would have. The caller disposes both.
    /// </summary>
    public async Task<(ServiceProvider Services, IConnectionMultiplexer Redis)> AnotherReplicaAsync()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        return (Build(_configuration, redis, _serviceDatabase, ownsDatabase: false), redis);
    }

    /// <summary>A factory registration is disposed with the provider; an instance (a second replica's) is not.</summary>
    private static ServiceProvider Build(IConfiguration configuration, IConnectionMultiplexer redis, NpgsqlDataSource serviceDatabase, bool ownsDatabase)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(configuration)
            .AddSingleton(redis);
        return (ownsDatabase ? services.AddSingleton(_ => serviceDatabase) : services.AddSingleton(serviceDatabase))
            .AddAiCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// The emulator's OpenAI faults: latency on every call and the statuses the next calls fail
    /// with. The emulator is shared by the whole test collection, so every harness clears them when
    /// disposed.
    /// </summary>
    public async Task SetModelFaultsAsync(int latencyMilliseconds = 0, params int[] failNext)
    {
        if (_emulatorControl is null)
        {
            throw new InvalidOperationException("This harness uses the fake model; the emulator's faults do not apply.");
        }

        using var response = await _emulatorControl.PutAsJsonAsync(
            "/control/openai/faults", new { latency_milliseconds = latencyMilliseconds, fail_next = failNext });
        response.EnsureSuccessStatusCode();
    }

    public Task ConfigureGuildAsync(ulong guildId, GuildOverrides overrides) => Get<GuildSettingsStore>().SaveAsync(guildId, overrides, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_emulatorControl is not null)
        {
            await SetModelFaultsAsync();
            _emulatorControl.Dispose();
        }

        await Services.DisposeAsync();
        await Upstream.DisposeAsync();
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }
}
