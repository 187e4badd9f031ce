using System.Net;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Tests.Discord.Rest.Routes;

/// <summary>Get, edit, bulk delete and typing through <see cref="DiscordRestClient"/> against the emulator.</summary>
public sealed class MessageRouteTests(RouteServer server) : IClassFixture<RouteServer>
{
    private readonly DiscordRestClient _client = server.Client;

    [Fact]
    public async Task A_message_is_read_back_edited_and_read_back_edited()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var sent = await _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest { Content = "draft" });

        var read = await _client.GetMessageAsync(seed.GeneralChannelId, sent.Id);
        var edited = await _client.EditMessageAsync(seed.GeneralChannelId, sent.Id, new EditMessageRequest { Content = "final", Flags = MessageFlags.SuppressEmbeds });
        var reread = await _client.GetMessageAsync(seed.GeneralChannelId, sent.Id);

        Assert.Equal("draft", read.Content);
        Assert.Null(read.EditedTimestamp);
        Assert.Equal("final", edited.Content);
        Assert.Equal(("final", MessageFlags.SuppressEmbeds), (reread.Content, reread.Flags));
        Assert.NotNull(reread.EditedTimestamp);
        Assert.True(server.Dispatched("MESSAGE_UPDATE", d => d.Contains("\"final\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Someone_elses_message_cannot_be_edited_and_unknown_ids_are_10008()
    {
        var (seed, user) = await server.MemberAsync("author");
        var theirs = server.World.CreateMessage(seed.GeneralChannelId, user.Id, "mine");

        var edit = await Assert.ThrowsAsync<DiscordRestException>(() => _client.EditMessageAsync(seed.GeneralChannelId, theirs.Id, new EditMessageRequest { Content = "hijacked" }));
        var unknown = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetMessageAsync(seed.GeneralChannelId, 42));
        var wrongChannel = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetMessageAsync(seed.CommandsChannelId, theirs.Id));
        // Flags alone, with MANAGE_MESSAGES: allowed on anyone's message.
        var suppressed = await _client.EditMessageAsync(seed.GeneralChannelId, theirs.Id, new EditMessageRequest { Flags = MessageFlags.SuppressEmbeds });

        Assert.Equal((HttpStatusCode.Forbidden, 50005), (edit.Status, edit.Code));
        Assert.Equal((HttpStatusCode.NotFound, DiscordErrorCodes.UnknownMessage), (unknown.Status, unknown.Code));
        Assert.Equal(DiscordErrorCodes.UnknownMessage, wrongChannel.Code);
        Assert.Equal(("mine", MessageFlags.SuppressEmbeds), (suppressed.Content, suppressed.Flags));
    }

    [Fact]
    public async Task Bulk_delete_removes_the_listed_messages_and_refuses_old_ids_and_short_lists()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var channel = seed.CommandsChannelId;
        var a = await _client.CreateMessageAsync(channel, new CreateMessageRequest { Content = "a" });
        var b = await _client.CreateMessageAsync(channel, new CreateMessageRequest { Content = "b" });
        var keep = await _client.CreateMessageAsync(channel, new CreateMessageRequest { Content = "keep" });
        var old = new Snowflake((ulong)(DateTimeOffset.UtcNow.AddDays(-15).ToUnixTimeMilliseconds() - Snowflake.DiscordEpochMilliseconds) << 22);

        await _client.BulkDeleteMessagesAsync(channel, [a.Id, b.Id], reason: "cleanup");
        var tooOld = await Assert.ThrowsAsync<DiscordRestException>(() => _client.BulkDeleteMessagesAsync(channel, [keep.Id, old]));
        var tooFew = await Assert.ThrowsAsync<DiscordRestException>(() => _client.BulkDeleteMessagesAsync(channel, [keep.Id]));
        var gone = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetMessageAsync(channel, a.Id));

        Assert.Equal((HttpStatusCode.BadRequest, 50034), (tooOld.Status, tooOld.Code));
        Assert.Equal(DiscordErrorCodes.InvalidFormBody, tooFew.Code);
        Assert.Equal(DiscordErrorCodes.UnknownMessage, gone.Code);
        Assert.Equal("keep", (await _client.GetMessageAsync(channel, keep.Id)).Content);
        Assert.True(server.Dispatched("MESSAGE_DELETE_BULK", d => d.Contains(a.Id.ToString(), StringComparison.Ordinal) && d.Contains(b.Id.ToString(), StringComparison.Ordinal)));
        var log = await _client.GetAuditLogAsync(seed.GuildId, actionType: 73);
        Assert.Contains(log.AuditLogEntries, e => e.TargetId == channel.ToString() && e.Reason == "cleanup");
    }

    [Fact]
    public async Task Typing_raises_typing_start_and_a_channel_the_bot_cannot_see_is_missing_access()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var hidden = server.World.CreateGuild("Hidden " + Guid.NewGuid().ToString("N")[..6], seed.OwnerId);
        server.State.Kick(hidden.Id, server.State.Bot.Id, seed.OwnerId, reason: null);
        var hiddenChannel = server.World.GetChannels(hidden.Id)[0];

        await _client.TriggerTypingAsync(seed.GeneralChannelId);
        var refused = await Assert.ThrowsAsync<DiscordRestException>(() => _client.TriggerTypingAsync(hiddenChannel.Id));

        Assert.True(server.Dispatched("TYPING_START", d => d.Contains(seed.GeneralChannelId.ToString(), StringComparison.Ordinal)));
        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingAccess), (refused.Status, refused.Code));
    }
}
