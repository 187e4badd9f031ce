using System.Net;
using System.Net.Http.Json;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Events.Streams;
using Cortex.Gateway.Interactions;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Tests.Gateway.Interactions;

/// <summary>
/// The gateway's <c>POST /interactions</c> end to end: the emulator delivers signed interactions with
/// its Ed25519 key (or spoils them on purpose); verified ones land on the Redis stream once.
/// </summary>
public sealed class InteractionsEndpointTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly EmulatorServer _emulator = new(new Dictionary<string, string?> { ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "15000" });
    private WebApplication _gateway = null!;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        var application = await RestClientHarness.Client(_emulator).GetCurrentApplicationAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ListenOnLoopback();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:Token"] = EmulatorServer.BotToken, ["Discord:PublicKey"] = application.VerifyKey });
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis.Connection);
        builder.Services.AddInteractionsEndpoint(builder.Configuration);
        _gateway = builder.Build();
        _gateway.MapInteractions();
        _endpoint = new Uri(await _gateway.StartOnLoopbackAsync(), InteractionsEndpoint.Path);
    }

    public async Task DisposeAsync()
    {
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        _emulator.Dispose();
    }

    [Fact]
    public async Task A_ping_is_answered_with_pong()
    {
        var result = await DeliverAsync(null, DeliveryTampering.None);

        Assert.Equal(200, result.Status);
        Assert.Equal("""{"type":1}""", result.Body);
    }

    [Theory]
    [InlineData(DeliveryTampering.BadSignature)]
    [InlineData(DeliveryTampering.TamperedBody)]
    [InlineData(DeliveryTampering.StaleTimestamp)]
    [InlineData(DeliveryTampering.MissingSignature)]
    public async Task A_spoiled_delivery_gets_401_and_reaches_no_stream(DeliveryTampering tampering)
    {
        var interaction = await CreateInteractionAsync();

        var result = await DeliverAsync(interaction.Id, tampering);

        Assert.Equal(401, result.Status);
        Assert.Equal(0, await CountOnStreamAsync(interaction.Id));
    }

    [Fact]
    public async Task A_verified_command_goes_on_the_stream_once_even_when_replayed()
    {
        var interaction = await CreateInteractionAsync();

        var first = await DeliverAsync(interaction.Id, DeliveryTampering.None);
        var replay = await DeliverAsync(interaction.Id, DeliveryTampering.None);

        Assert.Equal(202, first.Status);
        Assert.Equal(202, replay.Status);
        Assert.Equal(1, await CountOnStreamAsync(interaction.Id));
        var entry = (await redis.Connection.GetDatabase().StreamRangeAsync(EventStreams.Interactions))
            .Single(e => e[EventStreams.Fields.Id] == interaction.Id.ToString());
        Assert.Equal("INTERACTION_CREATE", (string?)entry[EventStreams.Fields.Type]);
        Assert.Equal("-1", (string?)entry[EventStreams.Fields.Shard]);
        Assert.Contains(interaction.Token, (string?)entry[EventStreams.Fields.Payload], StringComparison.Ordinal);
    }

    private async Task<Interaction> CreateInteractionAsync()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var client = RestClientHarness.Client(_emulator);
        var application = await client.GetCurrentApplicationAsync();
        await client.BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId, [new SlashCommand("ping", "Replies pong").ToApplicationCommand()]);
        using var http = _emulator.CreateSocketClient();
        using var response = await http.PostAsJsonAsync("control/interactions",
            new ChatCommandRequest { GuildId = world.GuildId, ChannelId = world.GeneralChannelId, UserId = world.AdaId, Name = "ping" },
            EmulatorRestJsonContext.Default.ChatCommandRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Interaction))!;
    }

    private async Task<InteractionDeliveryResult> DeliverAsync(Snowflake? interactionId, DeliveryTampering tampering)
    {
        using var http = _emulator.CreateSocketClient();
        using var response = await http.PostAsJsonAsync("control/interactions/deliver",
            new InteractionDeliveryRequest { InteractionId = interactionId, Tampering = tampering, Endpoint = _endpoint },
            EmulatorRestJsonContext.Default.InteractionDeliveryRequest);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(EmulatorRestJsonContext.Default.InteractionDeliveryResult))!;
    }

    private async Task<int> CountOnStreamAsync(Snowflake id)
    {
        var entries = await redis.Connection.GetDatabase().StreamRangeAsync(EventStreams.Interactions);
        return entries.Count(e => e[EventStreams.Fields.Id] == id.ToString());
    }
}
