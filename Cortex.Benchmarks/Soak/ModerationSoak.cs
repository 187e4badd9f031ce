using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Ai;
using Cortex.Ai.Moderation;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Benchmarks.Gateway;
using Cortex.Emulator.Rest;
using Cortex.Events.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace Cortex.Benchmarks.Soak;

/// <summary>
/// A sustained flood of chat messages through moderation as Cortex.Ai wires it (the stream consumer,
/// stage 1 inline, the deep-stage backlog and its worker) on a migrated PostgreSQL, the soak's Redis and
/// Cortex.Emulator's Discord and OpenAI endpoints. Messages are appended to the messages stream at
/// <paramref name="perSecond"/> as the gateway would. They are clean (a flagged one would end in the
/// member's ban half-way), and every human message still goes through stage 1 and into the deep-stage
/// backlog. Ends when every message was appended and the group has read them all. The stream is trimmed as the
/// gateway trims it, and handled ids expire, both after a one-minute window (see <see cref="Window"/>).
/// </summary>
internal static class ModerationSoak
{
    private const string Prefix = "soak:moderation:";
    // Redis holds the stream's acknowledged entries for the gateway's StreamRetention and every handled id for the
    // consumers' RememberHandled: memory plateaus once that window has passed. Production's windows (15 minutes,
    // 1 hour) are longer than a soak; the soak uses one minute for both, so the plateau shows within it.
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly string[] Clean = ["good morning everyone", "anyone up for a match tonight?", "the patch notes are out", "lol same", "thanks for the help earlier"];

    public static async Task RunAsync(IConnectionMultiplexer redis, string postgres, long messages, int perSecond, SoakCounter done, CancellationToken stop)
    {
        var (emulator, control) = await GatewayRig.StartEmulatorAsync(new Dictionary<string, string>(), logIdentifies: false);
        await using var _ = emulator;
        using var __ = control;
        var world = (await control.GetFromJsonAsync("/control/world", EmulatorRestJsonContext.Default.SeedWorld, stop))!;
        await using var database = NpgsqlDataSource.Create(postgres);
        await using var services = Services(redis, database, control.BaseAddress!);
        using var consumer = Cortex.Events.Consuming.EventReader.Create(services, ModerationMessageHandler.Group, Cortex.Events.Contract.EventStream.Messages);
        var worker = services.GetRequiredService<DeepStageWorker>();
        await consumer.StartAsync(stop);
        await worker.StartAsync(stop);
        var stream = Prefix + "messages";
        const string group = ModerationMessageHandler.Group;
        using var trimming = new CancellationTokenSource();
        var trimmer = TrimLikeTheGatewayAsync(redis, stream, trimming.Token);
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            for (long sent = 0; sent < messages && !stop.IsCancellationRequested; sent++)
            {
                var due = TimeSpan.FromSeconds(sent / (double)perSecond) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop);
                }

                await AppendAsync(redis.GetDatabase(), stream, world, sent);
                done.Set(await ReadAsync(redis.GetDatabase(), stream, group, sent + 1));
            }

            while (!stop.IsCancellationRequested && done.Value < messages)
            {
                await Task.Delay(500, stop);
                done.Set(await ReadAsync(redis.GetDatabase(), stream, group, messages));
            }
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
            await worker.StopAsync(CancellationToken.None);
            await trimming.CancelAsync();
            await trimmer;
            await PrintWhatRedisHoldsAsync(redis, stream);
        }
    }

    // In production the gateway's StreamTrimService trims every stream below what its groups still need, keeping
    // acknowledged entries for StreamRetention; the soak runs the same trimmer with the soak's short window.
    private static async Task TrimLikeTheGatewayAsync(IConnectionMultiplexer redis, string stream, CancellationToken stop)
    {
        var trimmer = new Cortex.Gateway.Routing.StreamTrimmer(redis);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await trimmer.TrimAsync(stream, hardCap: 10_000_000, Window);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // What the Redis series is made of at the end: the stream, the handled ids, everything else.
    private static async Task PrintWhatRedisHoldsAsync(IConnectionMultiplexer redis, string stream)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var handled = 0L;
        await foreach (var _ in server.KeysAsync(pattern: Prefix + "handled*", pageSize: 1000))
        {
            handled++;
        }

        var (keys, length) = (await server.DatabaseSizeAsync(), await redis.GetDatabase().StreamLengthAsync(stream));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT soak moderation Redis at the end: {keys:N0} keys, of which {handled:N0} handled ids; stream length {length:N0}"));
    }

    private static Task<RedisValue> AppendAsync(IDatabase db, string stream, SeedWorld world, long n)
    {
        var id = (1_000_000_000_000_000L + n).ToString(CultureInfo.InvariantCulture);
        var content = Clean[n % Clean.Length];
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["id"] = id,
            ["channel_id"] = world.GeneralChannelId.ToString(),
            ["guild_id"] = world.GuildId.ToString(),
            ["author"] = new Dictionary<string, string> { ["id"] = world.AdaId.ToString(), ["username"] = "ada" },
            ["member"] = new Dictionary<string, string[]> { ["roles"] = [] },
            ["content"] = content,
            ["timestamp"] = DateTimeOffset.UtcNow,
        });
        return db.StreamAddAsync(stream,
        [
            new NameValueEntry(EventStreams.Fields.Type, "MESSAGE_CREATE"),
            new NameValueEntry(EventStreams.Fields.Shard, 0),
            new NameValueEntry(EventStreams.Fields.Sequence, n + 1),
            new NameValueEntry(EventStreams.Fields.Id, id),
            new NameValueEntry(EventStreams.Fields.Payload, payload),
        ]);
    }

    // Messages the group has read: appended minus its lag (XINFO GROUPS, Redis 7).
    private static async Task<long> ReadAsync(IDatabase db, string stream, string group, long appended)
    {
        var info = (await db.StreamGroupInfoAsync(stream)).FirstOrDefault(g => g.Name == group);
        return info.Name is null ? 0 : appended - (info.Lag ?? appended);
    }

    private static ServiceProvider Services(IConnectionMultiplexer redis, NpgsqlDataSource database, Uri emulator)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAI:ApiKey"] = "gateway-bench",
            ["OpenAI:Endpoint"] = new Uri(emulator, "/v1").ToString(),
            ["Discord:Token"] = GatewayRig.Token,
            ["Discord:RestBaseAddress"] = new Uri(emulator, "/api/v10/").ToString(),
            ["Ai:RedisKeyPrefix"] = Prefix,
            ["Events:Streams:Messages"] = Prefix + "messages",
            ["Events:Streams:Interactions"] = Prefix + "interactions",
            ["Events:Streams:HandledKeyPrefix"] = Prefix + "handled",
            [$"Events:Consumers:{ModerationMessageHandler.Group}:RememberHandled"] = Window.ToString(),
        }).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(redis)
            .AddSingleton(database)
            .AddAiCore(configuration)
            .AddModerationCore(configuration)
            .AddSingleton<DeepStageWorker>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
