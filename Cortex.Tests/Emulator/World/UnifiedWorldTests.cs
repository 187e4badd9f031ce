using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Discord.Gateway;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.World;

/// <summary>
/// The emulator has one world: REST calls, the chat page and the control API change the same state
/// the gateway serves, so each change reaches a connected Cortex.Discord shard as the dispatch Discord
/// would send, on the shard that owns the guild.
/// </summary>
public sealed class UnifiedWorldTests : IAsyncLifetime
{
    private const GatewayIntents Intents = GatewayIntents.Guilds | GatewayIntents.GuildMembers | GatewayIntents.GuildModeration
        | GatewayIntents.GuildMessages | GatewayIntents.MessageContent;

    private EmulatorServer _emulator = null!;
    private DiscordRestClient _client = null!;
    private SeedWorld _world = null!;
    private ShardHarness _shard = null!;

    public async Task InitializeAsync()
    {
        _emulator = new EmulatorServer(Settings());
        _client = RestClientHarness.Client(_emulator);
        _world = await RestClientHarness.WorldAsync(_emulator);
        _shard = ShardHarness.StartAgainst(GatewayUrl(_emulator), o => o with { Token = EmulatorServer.BotToken, Intents = Intents });
        _shard.WaitFor(d => d.EventName == "GUILD_CREATE" && Field(d, "id") == _world.GuildId.ToString());
    }

    public async Task DisposeAsync()
    {
        await _shard.DisposeAsync();
        _emulator.Dispose();
    }

    [Fact]
    public async Task A_message_created_over_rest_is_dispatched_to_the_shard()
    {
        var message = await _client.CreateMessageAsync(_world.GeneralChannelId, new CreateMessageRequest { Content = "from rest" });

        var dispatch = _shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && Field(d, "id") == message.Id.ToString());
        Assert.Equal("from rest", Field(dispatch, "content"));
        Assert.Equal(_world.GuildId.ToString(), Field(dispatch, "guild_id"));
    }

    [Fact]
    public async Task A_message_typed_on_the_chat_page_is_dispatched_to_the_shard_with_the_authors_member()
    {
        using var http = _emulator.CreateSocketClient();
        using var response = await http.PostAsJsonAsync("chat/api/messages",
            new ChatSendRequest { ChannelId = _world.GeneralChannelId, UserId = _world.AdaId, Content = "hello from the page" },
            EmulatorRestJsonContext.Default.ChatSendRequest);
        response.EnsureSuccessStatusCode();

        var dispatch = _shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && Field(d, "content") == "hello from the page");
        using var json = JsonDocument.Parse(dispatch.Data);
        Assert.Equal(_world.AdaId.ToString(), json.RootElement.GetProperty("author").GetProperty("id").GetString());
        Assert.True(json.RootElement.TryGetProperty("member", out _));
    }

    [Fact]
    public async Task Deleting_timing_out_and_banning_over_rest_reach_the_shard()
    {
        var message = await _client.CreateMessageAsync(_world.GeneralChannelId, new CreateMessageRequest { Content = "soon gone" });
        await _client.DeleteMessageAsync(_world.GeneralChannelId, message.Id);
        _shard.WaitFor(d => d.EventName == "MESSAGE_DELETE" && Field(d, "id") == message.Id.ToString());

        var until = DateTimeOffset.UtcNow.AddMinutes(10);
        await _client.TimeoutMemberAsync(_world.GuildId, _world.AdaId, until);
        var update = _shard.WaitFor(d => d.EventName == "GUILD_MEMBER_UPDATE" && UserId(d) == _world.AdaId.ToString());
        using (var json = JsonDocument.Parse(update.Data))
        {
            Assert.True(json.RootElement.GetProperty("communication_disabled_until").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        }

        await _client.BanAsync(_world.GuildId, _world.LinusId);
        _shard.WaitFor(d => d.EventName == "GUILD_BAN_ADD" && UserId(d) == _world.LinusId.ToString());
        _shard.WaitFor(d => d.EventName == "GUILD_MEMBER_REMOVE" && UserId(d) == _world.LinusId.ToString());
    }

    [Fact]
    public async Task A_slash_command_run_on_the_chat_page_arrives_as_interaction_create_and_its_ephemeral_reply_stays_off_the_gateway()
    {
        var application = await _client.GetCurrentApplicationAsync();
        await _client.BulkOverwriteGuildCommandsAsync(application.Id, _world.GuildId, [new SlashCommand("ping", "Replies pong").ToApplicationCommand()]);
        using var http = _emulator.CreateSocketClient();
        using var response = await http.PostAsJsonAsync("chat/api/commands",
            new ChatCommandRequest { ChannelId = _world.GeneralChannelId, UserId = _world.AdaId, Name = "ping" },
            EmulatorRestJsonContext.Default.ChatCommandRequest);
        response.EnsureSuccessStatusCode();

        var dispatch = _shard.WaitFor(d => d.EventName == "INTERACTION_CREATE");
        var interaction = JsonSerializer.Deserialize(dispatch.Data.Span, DiscordJsonContext.Default.Interaction)!;
        Assert.Equal("ping", interaction.Data!.Name);
        Assert.Equal(_world.AdaId, interaction.Invoker!.Id);

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Content = "pong, privately", Flags = MessageFlags.Ephemeral },
        });
        var visible = await _client.CreateMessageAsync(_world.GeneralChannelId, new CreateMessageRequest { Content = "after the ephemeral reply" });
        _shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && Field(d, "id") == visible.Id.ToString());
        Assert.DoesNotContain(_shard.Received, d => d.EventName == "MESSAGE_CREATE" && Field(d, "content") == "pong, privately");
    }

    [Fact]
    public async Task Clicking_a_button_sends_a_component_interaction_and_update_message_edits_it()
    {
        var message = await _client.CreateMessageAsync(_world.GeneralChannelId, new CreateMessageRequest
        {
            Content = "Press to verify",
            Components = [MessageComponent.ActionRow(MessageComponent.Button("verify:start", "Verify"))],
        });
        using var http = _emulator.CreateSocketClient();
        using var response = await http.PostAsJsonAsync("chat/api/components",
            new ChatComponentRequest { ChannelId = _world.GeneralChannelId, MessageId = message.Id, UserId = _world.AdaId, CustomId = "verify:start" },
            EmulatorRestJsonContext.Default.ChatComponentRequest);
        response.EnsureSuccessStatusCode();

        var dispatch = _shard.WaitFor(d => d.EventName == "INTERACTION_CREATE");
        var interaction = JsonSerializer.Deserialize(dispatch.Data.Span, DiscordJsonContext.Default.Interaction)!;
        Assert.Equal(InteractionType.MessageComponent, interaction.Type);
        Assert.Equal("verify:start", interaction.Data!.CustomId);
        Assert.Equal(message.Id, interaction.Message!.Id);

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse
        {
            Type = InteractionCallbackType.UpdateMessage,
            Data = new InteractionCallbackData { Content = "Verified", Components = [] },
        });
        var update = _shard.WaitFor(d => d.EventName == "MESSAGE_UPDATE" && Field(d, "id") == message.Id.ToString());
        Assert.Equal("Verified", Field(update, "content"));

        using var unknown = await http.PostAsJsonAsync("chat/api/components",
            new ChatComponentRequest { ChannelId = _world.GeneralChannelId, MessageId = message.Id, UserId = _world.AdaId, CustomId = "verify:start" },
            EmulatorRestJsonContext.Default.ChatComponentRequest);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Dispatches_go_only_to_the_shard_that_owns_the_guild()
    {
        await using var emulator = new EmulatorServerScope(Settings());
        var client = RestClientHarness.Client(emulator.Server);
        var world = await RestClientHarness.WorldAsync(emulator.Server);
        await using var shard0 = ShardHarness.StartAgainst(GatewayUrl(emulator.Server), o => o with { Token = EmulatorServer.BotToken, Intents = Intents, ShardId = 0, ShardCount = 2 });
        await using var shard1 = ShardHarness.StartAgainst(GatewayUrl(emulator.Server), o => o with { Token = EmulatorServer.BotToken, Intents = Intents, ShardId = 1, ShardCount = 2 });
        shard0.WaitFor("READY");
        shard1.WaitFor("READY");
        var owner = GatewayLimits.ShardFor(world.GuildId, 2) == 0 ? shard0 : shard1;
        var other = ReferenceEquals(owner, shard0) ? shard1 : shard0;

        var message = await client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = "which shard" });
        owner.WaitFor(d => d.EventName == "MESSAGE_CREATE" && Field(d, "id") == message.Id.ToString());
        var marker = await client.CreateMessageAsync(world.LockedChannelId, new CreateMessageRequest { Content = "marker" });
        (GatewayLimits.ShardFor(world.LockedGuildId, 2) == 0 ? shard0 : shard1)
            .WaitFor(d => d.EventName == "MESSAGE_CREATE" && Field(d, "id") == marker.Id.ToString());
        Assert.DoesNotContain(other.Received, d => d.EventName == "MESSAGE_CREATE" && Field(d, "id") == message.Id.ToString());
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Emulator:Rest:BucketWindowMilliseconds"] = "200",
        ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "15000",
        ["Emulator:Gateway:IdentifyWindowMilliseconds"] = "50",
        ["Emulator:Gateway:MaxConcurrency"] = "16",
        ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1000",
    };

    private static Uri GatewayUrl(EmulatorServer emulator) => new($"ws://127.0.0.1:{emulator.Port}/gateway");

    private static string? Field(GatewayDispatch dispatch, string name)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string? UserId(GatewayDispatch dispatch)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.GetProperty("user").GetProperty("id").GetString();
    }

    private sealed class EmulatorServerScope(Dictionary<string, string?> settings) : IAsyncDisposable
    {
        public EmulatorServer Server { get; } = new(settings);

        public ValueTask DisposeAsync()
        {
            Server.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
