using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Emulator.Gateway;
using Cortex.Emulator.OpenAi;
using Cortex.Emulator.World;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Support;

/// <summary>
/// The emulator (gateway, REST, OpenAI, chat page), in-process on a free loopback port with real Kestrel, so clients
/// outside the test host (the shard connection, @discordjs/ws, the OpenAI SDK, Node scripts, a browser) reach it.
/// Each test class starts its own, so state never leaks.
/// </summary>
public sealed class EmulatorServer : WebApplicationFactory<OpenAiTokenizer>
{
    public const string BotToken = "test.bot.token";
    public const string OpenAiKey = "test-openai-key";

    private readonly Dictionary<string, string?> _settings;

    public EmulatorServer(IDictionary<string, string?>? settings = null)
    {
        Port = LoopbackPort.Free();
        _settings = new Dictionary<string, string?>
        {
            ["Emulator:BotToken"] = BotToken,
            ["Emulator:OpenAiKey"] = OpenAiKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // UseKestrel() without a port, the port bound in ConfigureWebHost: UseKestrel(port) rewrites the
        // server's addresses after the app has started Kestrel on its own thread, and throws when
        // Kestrel binds first (dotnet/aspnetcore#67714).
        UseKestrel();
        StartServer();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public Uri GatewayUrl => new($"ws://127.0.0.1:{Port}/gateway");

    /// <summary>A client on the real socket, for the control API.</summary>
    public HttpClient Http { get; }

    public WorldControl World => Services.GetRequiredService<WorldControl>();

    /// <summary>The firehose's named mixes, so a test can add one.</summary>
    public FirehoseMixes FirehoseMixes => Services.GetRequiredService<FirehoseMixes>();

    /// <summary>
    /// An emulator paced for gateway tests: 1 s heartbeats, a 50 ms identify window over 16 buckets, and no development
    /// guilds (a gateway test builds its own; the seed would add guilds to every READY). <paramref name="settings"/> win.
    /// </summary>
    public static Task<EmulatorServer> StartForGatewayAsync(IDictionary<string, string?>? settings = null)
    {
        var paced = new Dictionary<string, string?>
        {
            ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1000",
            ["Emulator:Gateway:IdentifyWindowMilliseconds"] = "50",
            ["Emulator:Gateway:MaxConcurrency"] = "16",
            ["Emulator:World:SeedDevelopmentGuilds"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            paced[key] = value;
        }

        return Task.Run(() => new EmulatorServer(paced));
    }

    /// <summary>A plain client on the real socket (not the in-memory test handler).</summary>
    public HttpClient CreateSocketClient() => new() { BaseAddress = BaseAddress };

    public async Task<JsonArray> ConnectionsAsync() =>
        (await Http.GetFromJsonAsync<JsonArray>("/control/gateway/connections"))!;

    /// <summary>Waits for the identified (or resumed) connection of a shard and returns its id.</summary>
    public async Task<int> ConnectionOfShardAsync(int shardId, Func<JsonNode, bool>? where = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var match = (await ConnectionsAsync()).LastOrDefault(c => c!["shard_id"]?.GetValue<int>() == shardId && (where?.Invoke(c!) ?? true));
            if (match is not null)
            {
                return match["id"]!.GetValue<int>();
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No connection of shard {shardId} appeared.");
    }

    public async Task PostAsync(string path, object? body = null)
    {
        using var response = body is null
            ? await Http.PostAsync(path, null)
            : await Http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (Environment.GetEnvironmentVariable("CORTEX_TEST_LOGS") == "1")
            {
                logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
        });
        builder.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http.Dispose();
        }

        base.Dispose(disposing);
    }
}
