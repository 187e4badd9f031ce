using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Emulator.Gateway;
using Cortex.Emulator.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Support;

/// <summary>
/// The emulator's gateway capability on a real Kestrel, on a free loopback port: what the client
/// and @discordjs/ws connect to in these tests. Each test class starts its own, so state never leaks.
/// </summary>
public sealed class GatewayEmulatorServer : IAsyncDisposable
{
    public const string Token = "test.bot.token";

    private readonly WebApplication _app;

    private GatewayEmulatorServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public Uri GatewayUrl => new($"ws://{BaseAddress.Authority}/gateway");

    public HttpClient Http { get; }

    public WorldControl World => _app.Services.GetRequiredService<WorldControl>();

    /// <summary>The firehose's named mixes, so a test can add one.</summary>
    public FirehoseMixes FirehoseMixes => _app.Services.GetRequiredService<FirehoseMixes>();

    public static async Task<GatewayEmulatorServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("CORTEX_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }
        var configuration = new Dictionary<string, string?>
        {
            ["Emulator:BotToken"] = Token,
            ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1000",
            ["Emulator:Gateway:IdentifyWindowMilliseconds"] = "50",
            ["Emulator:Gateway:MaxConcurrency"] = "16",
            // Gateway tests build their own guilds; the development seed would add guilds to every READY.
            ["Emulator:World:SeedDevelopmentGuilds"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddEmulatorGateway();
        var app = builder.Build();
        app.MapEmulatorGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayEmulatorServer(app, new Uri(address));
    }

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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
