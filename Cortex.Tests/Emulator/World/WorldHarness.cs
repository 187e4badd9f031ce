using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cortex.Discord.Gateway;
using Cortex.Emulator.World;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Emulator.World;

/// <summary>An emulator with the seeded world, a connected Cortex.Discord shard, and raw REST calls as the bot or the control API.</summary>
internal sealed class WorldHarness : IAsyncDisposable
{
    public const GatewayIntents Intents = GatewayIntents.Guilds | GatewayIntents.GuildMembers | GatewayIntents.GuildMessages
        | GatewayIntents.MessageContent | GatewayIntents.DirectMessages;

    private WorldHarness(EmulatorServer emulator, SeedWorld world, ShardHarness shard)
    {
        Emulator = emulator;
        World = world;
        Shard = shard;
        Http = emulator.CreateSocketClient();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", EmulatorServer.BotToken);
    }

    public EmulatorServer Emulator { get; }

    public SeedWorld World { get; }

    public ShardHarness Shard { get; }

    /// <summary>Authenticated as the bot for /api/v10 (the control API ignores the header).</summary>
    public HttpClient Http { get; }

    public DiscordState State => Emulator.Services.GetRequiredService<DiscordState>();

    public static async Task<WorldHarness> StartAsync()
    {
        var emulator = new EmulatorServer(new Dictionary<string, string?>
        {
            ["Emulator:Rest:BucketWindowMilliseconds"] = "100",
            ["Emulator:Gateway:IdentifyWindowMilliseconds"] = "50",
            ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1000",
        });
        var world = await RestClientHarness.WorldAsync(emulator);
        var shard = ShardHarness.StartAgainst(new Uri($"ws://127.0.0.1:{emulator.Port}/gateway"),
            o => o with { Token = EmulatorServer.BotToken, Intents = Intents });
        shard.WaitFor(d => d.EventName == "GUILD_CREATE" && Field(d, "id") == world.GuildId.ToString());
        return new WorldHarness(emulator, world, shard);
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Sets an overwrite through the control API (as the guild's owner would in Discord's settings).</summary>
    public async Task OverwriteAsync(ulong channelId, ulong id, int type, ulong allow = 0, ulong deny = 0)
    {
        var (status, body) = await SendAsync(HttpMethod.Put, $"control/channels/{channelId}/permissions/{id}",
            $$"""{"type":{{type}},"allow":"{{allow}}","deny":"{{deny}}"}""");
        Assert.True(status == 200, $"overwrite refused: {status} {body}");
    }

    public static string? Field(GatewayDispatch dispatch, string name)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Shard.DisposeAsync();
        Emulator.Dispose();
    }
}
