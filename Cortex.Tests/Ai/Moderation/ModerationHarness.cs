using System.Globalization;
using System.Text.Json;
using Cortex.Ai;
using Cortex.Ai.Moderation;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Discord.Models;
using Cortex.Emulator.World;
using Cortex.Events.Streams;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>
/// The moderation pipeline as Program.cs wires it, on the app's real Redis and a fresh migrated
/// PostgreSQL database, against an emulator of its own (Discord REST and the OpenAI endpoint), so
/// bans and timeouts in one test class never touch another's world.
/// </summary>
public sealed class ModerationHarness : IAsyncDisposable
{
    private ModerationHarness(ServiceProvider services, EmulatorServer emulator, IConnectionMultiplexer redis, NpgsqlDataSource database, string prefix)
    {
        Services = services;
        Emulator = emulator;
        Redis = redis;
        Database = database;
        Prefix = prefix;
    }

    public ServiceProvider Services { get; }

    public EmulatorServer Emulator { get; }

    public DiscordState Discord => Emulator.Services.GetRequiredService<DiscordState>();

    public IConnectionMultiplexer Redis { get; }

    public NpgsqlDataSource Database { get; }

    public string Prefix { get; }

    public string MessagesStream => Prefix + "messages";

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="openAiEndpoint">Where the OpenAI SDK points; the emulator's <c>/v1</c> unless a test wants a dead one.</param>
    public static async Task<ModerationHarness> StartAsync(CortexAppFixture fixture, string name, Uri? openAiEndpoint = null, IDictionary<string, string?>? settings = null)
    {
        var emulator = new EmulatorServer();
        await WarmUpAsync(emulator);
        var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        var database = await fixture.CreateMigratedDatabaseAsync(name);
        // The services log in as the AI worker's own role, as in production; Database stays the owner's, for assertions.
        var serviceDatabase = await fixture.AsServiceAsync(database, "ai");
        var prefix = $"test:{name}:{Guid.NewGuid():N}:";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = EmulatorServer.OpenAiKey,
            ["OpenAI:Endpoint"] = (openAiEndpoint ?? new Uri(emulator.BaseAddress, "v1")).ToString(),
            ["OpenAI:MaxRetries"] = "0",
            ["OpenAI:AttemptTimeout"] = "00:00:30",
            ["OpenAI:TotalTimeout"] = "00:01:00",
            ["Discord:Token"] = EmulatorServer.BotToken,
            ["Discord:RestBaseAddress"] = new Uri(emulator.BaseAddress, "api/v10/").ToString(),
            ["Ai:RedisKeyPrefix"] = prefix,
            ["Events:Streams:Messages"] = prefix + "messages",
            ["Events:Streams:Interactions"] = prefix + "interactions",
            ["Events:Streams:HandledKeyPrefix"] = prefix + "handled",
            ["Events:Consumers:cortex-ai:ClaimIdle"] = "00:00:01",
            ["Events:Consumers:cortex-ai:ClaimInterval"] = "00:00:00.200",
            ["Events:Consumers:cortex-moderation:ClaimIdle"] = "00:00:01",
            ["Events:Consumers:cortex-moderation:ClaimInterval"] = "00:00:00.200",
            ["Ai:Moderation:PollInterval"] = "00:00:00.050",
            ["Ai:Moderation:RetryBaseDelay"] = "00:00:00.200",
            ["Ai:Moderation:MaxAttempts"] = "3",
            ["Ai:Moderation:ConfigCacheFor"] = "00:00:00",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IConnectionMultiplexer>(redis)
            .AddSingleton(_ => serviceDatabase)
            .AddAiCore(configuration)
            .AddModerationCore(configuration)
            .AddSingleton<DeepStageWorker>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new ModerationHarness(services, emulator, redis, database, prefix);
    }

    public SeedWorld World => Discord.Seed!;

    /// <summary>The emulator loads its tokenizer on the first call, which takes seconds on a busy machine: not a test's business.</summary>
    private static async Task WarmUpAsync(EmulatorServer emulator)
    {
        using var http = emulator.CreateSocketClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", EmulatorServer.OpenAiKey);
        using var chat = await http.PostAsync("v1/chat/completions", new StringContent(
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"warm up"}]}""", System.Text.Encoding.UTF8, "application/json"));
        chat.EnsureSuccessStatusCode();
        using var moderation = await http.PostAsync("v1/moderations", new StringContent(
            """{"model":"omni-moderation-latest","input":"warm up"}""", System.Text.Encoding.UTF8, "application/json"));
        moderation.EnsureSuccessStatusCode();
    }

    public static ulong Id(Snowflake snowflake) => snowflake.Value;

    /// <summary>A new member of the seeded guild with no roles, so tests never punish each other's users.</summary>
    public ulong NewMember(ulong guildId, string name)
    {
        var user = Discord.AddUser(name);
        Discord.AddMember(guildId, user.Id.Value, []);
        return user.Id.Value;
    }

    /// <summary>The member posts in the emulator (so there is a real message to delete); returns the gateway payload.</summary>
    /// <summary>Posts in the emulator and returns the message as MESSAGE_CREATE carries it (with its member).</summary>
    public Message Post(ulong channelId, ulong userId, string content)
    {
        var message = Discord.CreateMessage(channelId, userId, new CreateMessageRequest { Content = content });
        return message with { Member = message.Member ?? new GuildMember() };
    }

    public bool MessageExists(ulong channelId, ulong messageId) => Discord.GetMessages(channelId, null, 100).Any(m => m.Id.Value == messageId);

    public IReadOnlyList<Message> BotMessages(ulong channelId) =>
        [.. Discord.GetMessages(channelId, null, 100).Where(m => m.Author.Id.Value == Discord.Bot.Id.Value)];

    public Task SaveConfigAsync(ulong guildId, ModerationConfig config) => Get<ModerationConfigStore>().SaveAsync(guildId, config, CancellationToken.None);

    /// <summary>Appends a MESSAGE_CREATE to the harness's stream, shaped as the gateway writes it.</summary>
    public async Task PublishAsync(Message message)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = S(message.Id.Value),
            channel_id = S(message.ChannelId.Value),
            guild_id = S(message.GuildId!.Value.Value),
            author = new { id = S(message.Author.Id.Value), username = message.Author.Username },
            member = new { roles = (message.Member?.Roles ?? []).Select(role => S(role.Value)) },
            content = message.Content,
            timestamp = DateTimeOffset.UtcNow,
        });
        await Redis.GetDatabase().StreamAddAsync(MessagesStream,
        [
            new NameValueEntry(EventStreams.Fields.Type, "MESSAGE_CREATE"),
            new NameValueEntry(EventStreams.Fields.Shard, 0),
            new NameValueEntry(EventStreams.Fields.Sequence, 1),
            new NameValueEntry(EventStreams.Fields.Id, S(message.Id.Value)),
            new NameValueEntry(EventStreams.Fields.Payload, payload),
        ]);
    }

    public static string S(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }
}
