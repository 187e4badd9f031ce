using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Events.Streams;
using StackExchange.Redis;

namespace Cortex.Tests.Hosting;

/// <summary>The whole app with <c>Cortex:Emulator:Interactions=http</c>: the emulator signs deliveries to the gateway's <c>/interactions</c>.</summary>
public sealed class HttpInteractionsAppFixture : CortexAppFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--Cortex:Emulator:Interactions=http"];
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HttpInteractionsAppCollection : ICollectionFixture<HttpInteractionsAppFixture>
{
    public const string Name = "Cortex app, interactions over HTTP";
}

/// <summary>
/// Signed HTTP interaction delivery end to end: the emulator signs with its Ed25519 key, the gateway
/// verifies with the public key the AppHost gave it (401 for a bad signature or a tampered body), and
/// the interaction reaches the economy, whose answer shows on the chat page's data. One dedupe key is
/// shared with the gateway's INTERACTION_CREATE path, so a delivery both ways is handled once.
/// </summary>
[Collection(HttpInteractionsAppCollection.Name)]
public sealed class HttpInteractionsEndToEndTests(HttpInteractionsAppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Balance_is_delivered_signed_to_the_gateway_and_answered_and_a_bad_signature_gets_401()
    {
        using var emulator = app.CreateHttpClient("emulator");
        using var gateway = app.CreateHttpClient("gateway");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        await Until(async () => (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!
            .Guilds.Single(g => g.Id == world.GuildId).Commands.Any(c => c.Name == "balance"), "the gateway registers /balance");

        using var run = await emulator.PostAsJsonAsync("control/interactions",
            new ChatCommandRequest { ChannelId = world.GeneralChannelId, UserId = world.GraceId, Name = "balance" },
            EmulatorRestJsonContext.Default.ChatCommandRequest);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var interaction = (await run.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Interaction))!;

        await Until(async () => (await emulator.GetFromJsonAsync($"chat/api/channels/{world.GeneralChannelId}/messages?viewer={world.GraceId}",
            DiscordJsonContext.Default.IReadOnlyListMessage))!.Any(m => m.Flags.HasFlag(MessageFlags.Ephemeral) && m.Content.Contains("coins", StringComparison.Ordinal)),
            "the economy's private answer");

        var ping = await DeliverAsync(emulator, null, DeliveryTampering.None, gateway);
        Assert.Equal(200, ping.Status);
        Assert.Contains("\"type\":1", ping.Body, StringComparison.Ordinal);
        foreach (var tampering in new[] { DeliveryTampering.BadSignature, DeliveryTampering.TamperedBody, DeliveryTampering.StaleTimestamp, DeliveryTampering.MissingSignature })
        {
            Assert.Equal(401, (await DeliverAsync(emulator, interaction.Id, tampering, gateway)).Status);
        }

        // Delivered again over HTTP, and once more as a gateway INTERACTION_CREATE: still one stream entry.
        Assert.Equal(202, (await DeliverAsync(emulator, interaction.Id, DeliveryTampering.None, gateway)).Status);
        using var dispatch = await emulator.PostAsync("control/gateway/dispatch", new StringContent(
            $$"""{"type":"INTERACTION_CREATE","guild_id":"{{world.GuildId}}","data":{{JsonSerializer.Serialize(interaction, DiscordJsonContext.Default.Interaction)}}}""",
            System.Text.Encoding.UTF8, "application/json"));
        dispatch.EnsureSuccessStatusCode();
        using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));
        using var marker = await emulator.PostAsJsonAsync("chat/api/messages",
            new ChatSendRequest { ChannelId = world.GeneralChannelId, UserId = world.AdaId, Content = "after the replays" }, EmulatorRestJsonContext.Default.ChatSendRequest);
        marker.EnsureSuccessStatusCode();
        await Until(async () => (await redis.GetDatabase().StreamRangeAsync(EventStreams.Messages, count: 10_000, messageOrder: Order.Descending))
            .Any(e => ((string?)e[EventStreams.Fields.Payload])?.Contains("after the replays", StringComparison.Ordinal) == true), "the gateway routed a later message");
        var entries = await redis.GetDatabase().StreamRangeAsync(EventStreams.Interactions, count: 10_000);
        Assert.Single(entries, e => e[EventStreams.Fields.Id] == interaction.Id.ToString());
    }

    private static async Task<InteractionDeliveryResult> DeliverAsync(HttpClient emulator, Snowflake? interactionId, DeliveryTampering tampering, HttpClient gateway)
    {
        using var response = await emulator.PostAsJsonAsync("control/interactions/deliver",
            new InteractionDeliveryRequest { InteractionId = interactionId, Tampering = tampering, Endpoint = new Uri(gateway.BaseAddress!, "interactions") },
            EmulatorRestJsonContext.Default.InteractionDeliveryRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(EmulatorRestJsonContext.Default.InteractionDeliveryResult))!;
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(250);
        }
    }
}
