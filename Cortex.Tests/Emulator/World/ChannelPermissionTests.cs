using System.Text.Json;
using Cortex.Discord.Permissions;
using static Cortex.Discord.Permissions.DiscordPermissions;

namespace Cortex.Tests.Emulator.World;

/// <summary>
/// The emulator enforces channel permission overwrites as Discord does: a channel the bot cannot see
/// answers 50001 and sends it no events, one it can see but not write in answers 50013; overwrites
/// set over REST raise CHANNEL_UPDATE; interactions carry the member's permissions in the channel.
/// </summary>
public sealed class ChannelPermissionTests : IAsyncLifetime
{
    private WorldHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorldHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_channel_hidden_from_the_bot_answers_missing_access_and_its_messages_never_reach_the_gateway()
    {
        var channel = _h.World.CommandsChannelId;
        await _h.OverwriteAsync(channel, _h.World.BotRoleId, type: 0, deny: (ulong)ViewChannel);

        var (status, body) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{channel}/messages", """{"content":"can I?"}""");
        Assert.Equal(403, status);
        Assert.Equal(50001, body.GetProperty("code").GetInt32());

        // Ada still sees the channel and talks in it; the bot is not told.
        _h.State.CreateMessage(channel, _h.World.AdaId, new() { Content = "hidden from the bot" });
        var marker = _h.State.CreateMessage(_h.World.GeneralChannelId, _h.World.AdaId, new() { Content = "marker" });
        _h.Shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && WorldHarness.Field(d, "id") == marker.Id.ToString());
        Assert.DoesNotContain(_h.Shard.Received, d => d.EventName == "MESSAGE_CREATE" && WorldHarness.Field(d, "content") == "hidden from the bot");
    }

    [Fact]
    public async Task A_channel_where_send_messages_is_denied_answers_missing_permissions_while_others_still_work()
    {
        var channel = _h.World.CommandsChannelId;
        await _h.OverwriteAsync(channel, _h.World.GuildId, type: 0, deny: (ulong)SendMessages);

        var (status, body) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{channel}/messages", """{"content":"muted here"}""");
        Assert.Equal(403, status);
        Assert.Equal(50013, body.GetProperty("code").GetInt32());
        var (ok, _) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{_h.World.GeneralChannelId}/messages", """{"content":"fine here"}""");
        Assert.Equal(200, ok);

        // A member overwrite allows one member back in, as Discord's order (member last) says.
        await _h.OverwriteAsync(channel, _h.World.AdaId, type: 1, allow: (ulong)SendMessages);
        Assert.Equal("allowed", _h.State.CreateMessage(channel, _h.World.AdaId, new() { Content = "allowed" }).Content);
        var linus = Assert.Throws<Cortex.Emulator.Rest.RestException>(() => _h.State.CreateMessage(channel, _h.World.LinusId, new() { Content = "denied" }));
        Assert.Equal(50013, linus.Code);
    }

    [Fact]
    public async Task Overwrites_set_over_rest_raise_channel_update_with_them_and_need_manage_roles()
    {
        var channel = _h.World.GeneralChannelId;
        var (status, _) = await _h.SendAsync(HttpMethod.Put, $"api/v10/channels/{channel}/permissions/{_h.World.AdaId}",
            $$"""{"type":1,"deny":"{{(ulong)SendMessages}}"}""");
        Assert.Equal(204, status);

        var update = _h.Shard.WaitFor(d => d.EventName == "CHANNEL_UPDATE" && WorldHarness.Field(d, "id") == channel.ToString());
        using var json = JsonDocument.Parse(update.Data);
        var overwrite = Assert.Single(json.RootElement.GetProperty("permission_overwrites").EnumerateArray());
        Assert.Equal(_h.World.AdaId.ToString(), overwrite.GetProperty("id").GetString());
        Assert.Equal(1, overwrite.GetProperty("type").GetInt32());
        Assert.Equal(((ulong)SendMessages).ToString(System.Globalization.CultureInfo.InvariantCulture), overwrite.GetProperty("deny").GetString());
        Assert.Equal(0UL, _h.State.ChannelPermissionsOf(channel, _h.World.AdaId) & (ulong)SendMessages);

        // The bot may not allow a bit it lacks itself (Administrator here).
        var (refused, body) = await _h.SendAsync(HttpMethod.Put, $"api/v10/channels/{channel}/permissions/{_h.World.AdaId}",
            $$"""{"type":1,"allow":"{{(ulong)Administrator}}"}""");
        Assert.Equal(403, refused);
        Assert.Equal(50013, body.GetProperty("code").GetInt32());

        var (deleted, _) = await _h.SendAsync(HttpMethod.Delete, $"api/v10/channels/{channel}/permissions/{_h.World.AdaId}");
        Assert.Equal(204, deleted);
        var (unknown, unknownBody) = await _h.SendAsync(HttpMethod.Delete, $"api/v10/channels/{channel}/permissions/{_h.World.AdaId}");
        Assert.Equal(404, unknown);
        Assert.Equal(10009, unknownBody.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_timed_out_member_can_read_but_not_send_and_the_control_api_shows_it()
    {
        _h.State.SetTimeout(_h.World.GuildId, _h.World.AdaId, DateTimeOffset.UtcNow.AddMinutes(5), _h.World.OwnerId);

        var (status, body) = await _h.SendAsync(HttpMethod.Get, $"control/channels/{_h.World.GeneralChannelId}/permissions/users/{_h.World.AdaId}");
        Assert.Equal(200, status);
        Assert.Equal(ViewChannel | ReadMessageHistory, PermissionBits.Parse(body.GetProperty("permissions").GetString()));
        Assert.Throws<Cortex.Emulator.Rest.RestException>(() => _h.State.CreateMessage(_h.World.GeneralChannelId, _h.World.AdaId, new() { Content = "x" }));
    }

    [Fact]
    public async Task An_interaction_carries_the_members_permissions_in_its_channel()
    {
        await _h.OverwriteAsync(_h.World.CommandsChannelId, _h.World.ModeratorRoleId, type: 0, deny: (ulong)ManageMessages);
        _h.State.OverwriteCommands(_h.World.GuildId, [new Cortex.Discord.Interactions.SlashCommand("review", "Review cases").ToApplicationCommand()]);

        var inCommands = _h.State.CreateCommandInteraction(_h.World.CommandsChannelId, _h.World.GraceId, "review", [], toGateway: false);
        var inGeneral = _h.State.CreateCommandInteraction(_h.World.GeneralChannelId, _h.World.GraceId, "review", [], toGateway: false);

        Assert.False(PermissionBits.HasAny(inCommands.Member!.Permissions, ManageMessages));
        Assert.True(PermissionBits.HasAny(inGeneral.Member!.Permissions, ManageMessages));
    }
}
