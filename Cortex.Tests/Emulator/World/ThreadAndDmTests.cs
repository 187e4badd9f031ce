using System.Text.Json;
using static Cortex.Discord.Permissions.DiscordPermissions;

namespace Cortex.Tests.Emulator.World;

/// <summary>
/// Threads and DMs in the emulator's world: starting, joining and listing threads over REST with
/// THREAD_CREATE / THREAD_MEMBERS_UPDATE, messages in a thread (which take Send Messages in Threads),
/// private threads hidden from non-members, and a DM's MESSAGE_CREATE without a guild.
/// </summary>
public sealed class ThreadAndDmTests : IAsyncLifetime
{
    private WorldHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorldHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_thread_started_from_a_message_shares_its_id_and_carries_messages_to_the_gateway()
    {
        var starter = _h.State.CreateMessage(_h.World.GeneralChannelId, _h.World.AdaId, new() { Content = "let's discuss" });
        var (status, thread) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{_h.World.GeneralChannelId}/messages/{starter.Id}/threads",
            """{"name":"discussion","auto_archive_duration":60}""");
        Assert.True(status == 201, $"{status}: {thread}");
        Assert.Equal(starter.Id.ToString(), thread.GetProperty("id").GetString());
        Assert.Equal(11, thread.GetProperty("type").GetInt32());
        Assert.Equal(_h.World.GeneralChannelId.ToString(), thread.GetProperty("parent_id").GetString());
        Assert.Equal(60, thread.GetProperty("thread_metadata").GetProperty("auto_archive_duration").GetInt32());
        Assert.Equal(_h.State.Bot.Id.ToString(), thread.GetProperty("member").GetProperty("user_id").GetString());

        var created = _h.Shard.WaitFor(d => d.EventName == "THREAD_CREATE" && WorldHarness.Field(d, "id") == starter.Id.ToString());
        using (var json = JsonDocument.Parse(created.Data))
        {
            Assert.True(json.RootElement.GetProperty("newly_created").GetBoolean());
        }

        var (again, body) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{_h.World.GeneralChannelId}/messages/{starter.Id}/threads", """{"name":"twice"}""");
        Assert.Equal(400, again);
        Assert.Equal(160004, body.GetProperty("code").GetInt32());

        // Ada joins and writes in the thread: MESSAGE_CREATE with the thread as channel, counted in the thread.
        var threadId = ulong.Parse(starter.Id.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        _h.State.JoinThread(threadId, _h.World.AdaId);
        _h.Shard.WaitFor(d => d.EventName == "THREAD_MEMBERS_UPDATE" && WorldHarness.Field(d, "id") == starter.Id.ToString());
        var reply = _h.State.CreateMessage(threadId, _h.World.AdaId, new() { Content = "in the thread" });
        var dispatch = _h.Shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && WorldHarness.Field(d, "id") == reply.Id.ToString());
        Assert.Equal(starter.Id.ToString(), WorldHarness.Field(dispatch, "channel_id"));
        Assert.Equal(_h.World.GuildId.ToString(), WorldHarness.Field(dispatch, "guild_id"));

        var (listed, active) = await _h.SendAsync(HttpMethod.Get, $"api/v10/guilds/{_h.World.GuildId}/threads/active");
        Assert.Equal(200, listed);
        var only = Assert.Single(active.GetProperty("threads").EnumerateArray());
        Assert.Equal(1, only.GetProperty("message_count").GetInt32());
        Assert.Equal(2, only.GetProperty("member_count").GetInt32());
        Assert.Single(active.GetProperty("members").EnumerateArray());
        var (membersStatus, members) = await _h.SendAsync(HttpMethod.Get, $"api/v10/channels/{threadId}/thread-members");
        Assert.Equal(200, membersStatus);
        Assert.Equal(2, members.GetArrayLength());
    }

    [Fact]
    public async Task Sending_in_a_thread_takes_send_messages_in_threads_not_send_messages()
    {
        var (_, thread) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{_h.World.GeneralChannelId}/threads", """{"name":"public talk","type":11}""");
        var threadId = ulong.Parse(thread.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        _h.State.JoinThread(threadId, _h.World.AdaId);

        await _h.OverwriteAsync(_h.World.GeneralChannelId, _h.World.GuildId, type: 0, deny: (ulong)SendMessagesInThreads);
        var refused = Assert.Throws<Cortex.Emulator.Rest.RestException>(() => _h.State.CreateMessage(threadId, _h.World.AdaId, new() { Content = "hi" }));
        Assert.Equal(50013, refused.Code);

        await _h.OverwriteAsync(_h.World.GeneralChannelId, _h.World.GuildId, type: 0, allow: (ulong)SendMessagesInThreads, deny: (ulong)SendMessages);
        Assert.Equal("hi", _h.State.CreateMessage(threadId, _h.World.AdaId, new() { Content = "hi" }).Content);
        Assert.Throws<Cortex.Emulator.Rest.RestException>(() => _h.State.CreateMessage(_h.World.GeneralChannelId, _h.World.AdaId, new() { Content = "not in the parent" }));
    }

    [Fact]
    public async Task A_private_thread_is_seen_only_by_its_members_and_those_with_manage_threads()
    {
        var (status, thread) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{_h.World.GeneralChannelId}/threads", """{"name":"private"}""");
        Assert.True(status == 201, $"{status}: {thread}");
        Assert.Equal(12, thread.GetProperty("type").GetInt32());
        var threadId = ulong.Parse(thread.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(0UL, _h.State.ChannelPermissionsOf(threadId, _h.World.LinusId));
        var (added, _) = await _h.SendAsync(HttpMethod.Put, $"api/v10/channels/{threadId}/thread-members/{_h.World.LinusId}");
        Assert.Equal(204, added);
        Assert.NotEqual(0UL, _h.State.ChannelPermissionsOf(threadId, _h.World.LinusId) & (ulong)ViewChannel);

        var (left, _) = await _h.SendAsync(HttpMethod.Delete, $"api/v10/channels/{threadId}/thread-members/@me");
        Assert.Equal(204, left);
        var (hidden, body) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{threadId}/messages", """{"content":"still here?"}""");
        Assert.Equal(403, hidden);
        Assert.Equal(50001, body.GetProperty("code").GetInt32());
    }

    [Fact]
    public void A_dm_message_reaches_the_gateway_without_a_guild_and_only_its_two_participants_may_write()
    {
        var dm = _h.State.GetOrCreateDmChannel(_h.World.AdaId);
        Assert.Equal(Cortex.Discord.Models.ChannelType.DirectMessage, dm.Type);
        Assert.Same(dm, _h.State.GetOrCreateDmChannel(_h.World.AdaId));

        var message = _h.State.CreateMessage(dm.Id, _h.World.AdaId, new() { Content = "psst" });
        var dispatch = _h.Shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && WorldHarness.Field(d, "id") == message.Id.ToString());
        Assert.Null(WorldHarness.Field(dispatch, "guild_id"));
        Assert.Equal("psst", WorldHarness.Field(dispatch, "content"));

        var stranger = Assert.Throws<Cortex.Emulator.Rest.RestException>(() => _h.State.CreateMessage(dm.Id, _h.World.LinusId, new() { Content = "me too" }));
        Assert.Equal(50001, stranger.Code);
    }
}
