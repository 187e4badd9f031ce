using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Discord.Rest;

/// <summary>Every typed call of <see cref="DiscordRestClient"/> against the emulator's REST.</summary>
public sealed class RestCallTests : IClassFixture<RestCallTests.Server>
{
    public sealed class Server : IDisposable
    {
        public Server()
        {
            Emulator = new EmulatorServer(new Dictionary<string, string?>
            {
                ["Emulator:Rest:BucketWindowMilliseconds"] = "500",
                // Discord allows 3 s; a shared 2-core test machine needs more slack.
                ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "15000",
            });
            Emulator.Services.GetRequiredService<EmulatorDispatches>().Dispatched += dispatch => Dispatches.Enqueue(dispatch);
        }

        public EmulatorServer Emulator { get; }

        public ConcurrentQueue<EmulatorDispatch> Dispatches { get; } = new();

        public void Dispose() => Emulator.Dispose();
    }

    private readonly Server _server;
    private readonly DiscordRestClient _client;

    public RestCallTests(Server server)
    {
        _server = server;
        _client = RestClientHarness.Client(server.Emulator);
    }

    private bool Dispatched(string type, Func<EmulatorDispatch, bool>? match = null) =>
        _server.Dispatches.Any(d => d.Type == type && (match?.Invoke(d) ?? true));

    [Fact]
    public async Task Create_message_with_embed_reply_and_allowed_mentions()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);
        var first = await _client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = "first" });

        var reply = await _client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest
        {
            Content = $"hi <@{world.AdaId}>",
            Embeds = [new Embed { Title = "Balance", Description = "100 coins", Fields = [new EmbedField("Bank", "50", true)] }],
            AllowedMentions = AllowedMentions.None,
            MessageReference = new MessageReference { MessageId = first.Id },
        });

        Assert.Equal(MessageType.Reply, reply.Type);
        Assert.Equal(first.Id, reply.MessageReference!.MessageId);
        Assert.Equal("Balance", Assert.Single(reply.Embeds).Title);
        Assert.Empty(reply.Mentions);
        Assert.True(reply.Author.Bot);
        Assert.True(Dispatched("MESSAGE_CREATE", d => d.Data.Span.IndexOf("100 coins"u8) >= 0));
    }

    [Fact]
    public async Task Empty_message_is_refused_with_discords_code()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest()));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(DiscordErrorCodes.CannotSendEmptyMessage, error.Code);
    }

    [Fact]
    public async Task Delete_message_dispatches_and_a_second_delete_is_unknown_message()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);
        var message = await _client.CreateMessageAsync(world.CommandsChannelId, new CreateMessageRequest { Content = "to delete" });

        await _client.DeleteMessageAsync(world.CommandsChannelId, message.Id, reason: "test");
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => _client.DeleteMessageAsync(world.CommandsChannelId, message.Id));

        Assert.Equal(DiscordErrorCodes.UnknownMessage, error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.True(Dispatched("MESSAGE_DELETE", d => d.Data.Span.IndexOf(System.Text.Encoding.UTF8.GetBytes(message.Id.ToString())) >= 0));
    }

    [Fact]
    public async Task Timeout_sets_and_lifts_communication_disabled_until()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);
        var until = DateTimeOffset.UtcNow.AddMinutes(10);

        var timedOut = await _client.TimeoutMemberAsync(world.GuildId, world.GraceId, until, "spam");
        var lifted = await _client.TimeoutMemberAsync(world.GuildId, world.GraceId, null);

        Assert.Equal(until.ToUnixTimeSeconds(), timedOut.CommunicationDisabledUntil!.Value.ToUnixTimeSeconds());
        Assert.Null(lifted.CommunicationDisabledUntil);
        Assert.True(Dispatched("GUILD_MEMBER_UPDATE", d => d.Data.Span.IndexOf(System.Text.Encoding.UTF8.GetBytes(world.GraceId.ToString())) >= 0));
    }

    [Fact]
    public async Task Timeout_without_permission_or_over_the_owner_is_missing_permissions()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);

        var owner = await Assert.ThrowsAsync<DiscordRestException>(() => _client.TimeoutMemberAsync(world.GuildId, world.OwnerId, DateTimeOffset.UtcNow.AddMinutes(5)));
        var locked = await Assert.ThrowsAsync<DiscordRestException>(() => _client.TimeoutMemberAsync(world.LockedGuildId, world.AdaId, DateTimeOffset.UtcNow.AddMinutes(5)));
        var tooLong = await Assert.ThrowsAsync<DiscordRestException>(() => _client.TimeoutMemberAsync(world.GuildId, world.AdaId, DateTimeOffset.UtcNow.AddDays(29)));

        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (owner.Status, owner.Code));
        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (locked.Status, locked.Code));
        Assert.Equal(DiscordErrorCodes.InvalidFormBody, tooLong.Code);
    }

    [Fact]
    public async Task Ban_then_unban_and_unban_again_is_unknown_ban()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);

        await _client.BanAsync(world.GuildId, world.LinusId, deleteMessageSeconds: 3600, reason: "raid");
        var state = _server.Emulator.Services.GetRequiredService<DiscordState>();
        Assert.True(state.IsBanned(world.GuildId, world.LinusId));
        await _client.UnbanAsync(world.GuildId, world.LinusId);
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => _client.UnbanAsync(world.GuildId, world.LinusId));

        Assert.Equal(DiscordErrorCodes.UnknownBan, error.Code);
        Assert.True(Dispatched("GUILD_BAN_ADD"));
        var locked = await Assert.ThrowsAsync<DiscordRestException>(() => _client.BanAsync(world.LockedGuildId, world.AdaId));
        Assert.Equal(DiscordErrorCodes.MissingPermissions, locked.Code);
    }

    [Fact]
    public async Task Bulk_overwrite_keeps_ids_by_name_and_rejects_bad_names()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);
        var application = await _client.GetCurrentApplicationAsync();
        ApplicationCommand[] commands =
        [
            new() { Name = "ping", Description = "Replies pong" },
            new() { Name = "balance", Description = "Shows a balance", DefaultMemberPermissions = "0",
                Options = [new ApplicationCommandOption { Type = ApplicationCommandOptionType.User, Name = "user", Description = "Whose" }] },
        ];

        var first = await _client.BulkOverwriteGuildCommandsAsync(application.Id, world.LockedGuildId, commands);
        var second = await _client.BulkOverwriteGuildCommandsAsync(application.Id, world.LockedGuildId, commands);
        var global = await _client.BulkOverwriteGlobalCommandsAsync(application.Id, [new ApplicationCommand { Name = "help", Description = "Lists commands" }]);
        var bad = await Assert.ThrowsAsync<DiscordRestException>(() =>
            _client.BulkOverwriteGlobalCommandsAsync(application.Id, [new ApplicationCommand { Name = "Bad Name", Description = "x" }]));

        Assert.Equal(first.Select(c => c.Id), second.Select(c => c.Id));
        Assert.All(first, c => Assert.Equal(world.LockedGuildId, c.GuildId!.Value));
        Assert.Equal("help", Assert.Single(global).Name);
        Assert.Equal(DiscordErrorCodes.InvalidFormBody, bad.Code);
        Assert.Matches("^[0-9a-f]{64}$", application.VerifyKey!);
    }

    [Fact]
    public async Task Interaction_reply_edit_followups_and_delete()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);
        var application = await _client.GetCurrentApplicationAsync();
        await _client.BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId, [new ApplicationCommand { Name = "ping", Description = "Replies pong" }]);
        var interaction = await RunCommandAsync(world.GuildId, world.GeneralChannelId, world.AdaId, "ping");

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Content = "pong", Flags = MessageFlags.Ephemeral },
        });
        var again = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new InteractionCallbackData { Content = "twice" } }));
        var edited = await _client.EditOriginalResponseAsync(application.Id, interaction.Token, new EditMessageRequest { Content = "pong (edited)" });
        var followup = await _client.CreateFollowupAsync(application.Id, interaction.Token, new CreateMessageRequest { Content = "follow-up" });
        var followupEdited = await _client.EditFollowupAsync(application.Id, interaction.Token, followup.Id, new EditMessageRequest { Content = "follow-up (edited)" });
        await _client.DeleteFollowupAsync(application.Id, interaction.Token, followup.Id);
        await _client.DeleteOriginalResponseAsync(application.Id, interaction.Token);

        Assert.Equal(DiscordErrorCodes.InteractionAlreadyAcknowledged, again.Code);
        Assert.Equal("pong (edited)", edited.Content);
        Assert.True(edited.Flags.HasFlag(MessageFlags.Ephemeral));
        Assert.Equal("follow-up (edited)", followupEdited.Content);
        Assert.True(Dispatched("INTERACTION_CREATE", d => d.Data.Span.IndexOf(System.Text.Encoding.UTF8.GetBytes(interaction.Id.ToString())) >= 0));
        var state = _server.Emulator.Services.GetRequiredService<DiscordState>();
        Assert.DoesNotContain(state.GetMessages(world.GeneralChannelId, world.AdaId), m => m.Id == followup.Id || m.Id == edited.Id);
    }

    [Fact]
    public async Task Deferred_response_loads_then_is_edited()
    {
        var world = await RestClientHarness.WorldAsync(_server.Emulator);
        var application = await _client.GetCurrentApplicationAsync();
        await _client.BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId, [new ApplicationCommand { Name = "slow", Description = "Takes a while" }]);
        var interaction = await RunCommandAsync(world.GuildId, world.CommandsChannelId, world.AdaId, "slow");

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource });
        var done = await _client.EditOriginalResponseAsync(application.Id, interaction.Token, new EditMessageRequest { Content = "done" });

        Assert.Equal("done", done.Content);
        Assert.False(done.Flags.HasFlag(MessageFlags.Loading));
        Assert.False(done.Flags.HasFlag(MessageFlags.Ephemeral));
    }

    [Fact]
    public async Task A_response_after_the_initial_window_is_an_unknown_interaction()
    {
        using var emulator = new EmulatorServer(new Dictionary<string, string?> { ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "50" });
        var client = RestClientHarness.Client(emulator);
        var world = await RestClientHarness.WorldAsync(emulator);
        var application = await client.GetCurrentApplicationAsync();
        await client.BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId, [new ApplicationCommand { Name = "late", Description = "Answered too late" }]);
        using var http = emulator.CreateSocketClient();
        using var created = await http.PostAsJsonAsync("control/interactions",
            new ChatCommandRequest { GuildId = world.GuildId, ChannelId = world.GeneralChannelId, UserId = world.AdaId, Name = "late" }, EmulatorRestJsonContext.Default.ChatCommandRequest);
        var interaction = (await created.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Interaction))!;
        await Task.Delay(200);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new InteractionCallbackData { Content = "too late" } }));

        Assert.Equal(DiscordErrorCodes.UnknownInteraction, error.Code);
    }

    [Fact]
    public async Task A_wrong_token_gets_401()
    {
        var client = RestClientHarness.Client(_server.Emulator, token: "not-the-token");
        var world = await RestClientHarness.WorldAsync(_server.Emulator);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = "x" }));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
    }

    private async Task<Interaction> RunCommandAsync(ulong guildId, ulong channelId, ulong userId, string name)
    {
        using var http = _server.Emulator.CreateSocketClient();
        using var response = await http.PostAsJsonAsync("control/interactions",
            new ChatCommandRequest { GuildId = guildId, ChannelId = channelId, UserId = userId, Name = name }, EmulatorRestJsonContext.Default.ChatCommandRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Interaction))!;
    }
}
