using System.Text.Json;
using static Cortex.Discord.Permissions.DiscordPermissions;

namespace Cortex.Tests.Emulator.World;

/// <summary>
/// Create Guild Channel and Modify Channel over REST: a channel created under a category with no overwrites
/// of its own is synced to the category's, as Discord does; an explicit list wins; both routes take Manage
/// Channels and answer Discord's codes.
/// </summary>
public sealed class CategorySyncTests : IAsyncLifetime
{
    private WorldHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorldHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_channel_created_under_a_category_without_overwrites_takes_the_categorys()
    {
        var guild = _h.World.GuildId;
        var staffOnly = $$"""[{"id":"{{guild}}","type":0,"deny":"{{(ulong)ViewChannel}}"},{"id":"{{_h.World.BotRoleId}}","type":0,"allow":"{{(ulong)ViewChannel}}"},{"id":"{{_h.World.AdaId}}","type":1,"allow":"{{(ulong)ViewChannel}}"}]""";
        var (refused, refusal) = await _h.SendAsync(HttpMethod.Post, $"api/v10/guilds/{guild}/channels", """{"name":"staff","type":4}""");
        Assert.Equal((403, 50013), (refused, refusal.GetProperty("code").GetInt32()));

        GrantBot(ManageChannels);
        var (created, category) = await _h.SendAsync(HttpMethod.Post, $"api/v10/guilds/{guild}/channels", $$"""{"name":"staff","type":4,"permission_overwrites":{{staffOnly}}}""");
        Assert.Equal(201, created);
        var categoryId = category.GetProperty("id").GetString();

        var (_, synced) = await _h.SendAsync(HttpMethod.Post, $"api/v10/guilds/{guild}/channels", $$"""{"name":"staff-chat","parent_id":"{{categoryId}}"}""");
        var (_, open) = await _h.SendAsync(HttpMethod.Post, $"api/v10/guilds/{guild}/channels", $$"""{"name":"lobby","parent_id":"{{categoryId}}","permission_overwrites":[]}""");

        Assert.Equal(categoryId, synced.GetProperty("parent_id").GetString());
        Assert.Equal(Overwrites(category), Overwrites(synced));
        Assert.Empty(Overwrites(open));
        var syncedId = ulong.Parse(synced.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var openId = ulong.Parse(open.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(0UL, _h.State.ChannelPermissionsOf(syncedId, _h.World.AdaId) & (ulong)ViewChannel);
        Assert.Equal(0UL, _h.State.ChannelPermissionsOf(syncedId, _h.World.LinusId) & (ulong)ViewChannel);
        Assert.NotEqual(0UL, _h.State.ChannelPermissionsOf(openId, _h.World.LinusId) & (ulong)ViewChannel);

        // The bot's gateway hears of the synced channel with its overwrites, as a client builds its cache from.
        var dispatch = _h.Shard.WaitFor(d => d.EventName == "CHANNEL_CREATE" && WorldHarness.Field(d, "id") == syncedId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(dispatch.Data);
        Assert.Equal(Overwrites(category), Overwrites(json.RootElement));
    }

    [Fact]
    public async Task Bad_parents_and_bits_the_bot_lacks_are_refused_and_a_rename_raises_channel_update()
    {
        var guild = _h.World.GuildId;
        GrantBot(ManageChannels);
        var (notCategory, body) = await _h.SendAsync(HttpMethod.Post, $"api/v10/guilds/{guild}/channels", $$"""{"name":"x","parent_id":"{{_h.World.GeneralChannelId}}"}""");
        Assert.Equal((400, 50035), (notCategory, body.GetProperty("code").GetInt32()));
        Assert.True(body.GetProperty("errors").TryGetProperty("parent_id", out _));
        var (tooMuch, tooMuchBody) = await _h.SendAsync(HttpMethod.Post, $"api/v10/guilds/{guild}/channels",
            $$"""{"name":"x","permission_overwrites":[{"id":"{{_h.World.AdaId}}","type":1,"allow":"{{(ulong)Administrator}}"}]}""");
        Assert.Equal((403, 50013), (tooMuch, tooMuchBody.GetProperty("code").GetInt32()));
        Assert.DoesNotContain(_h.State.GetChannels(guild), c => c.Name == "x");

        var (renamed, channel) = await _h.SendAsync(HttpMethod.Patch, $"api/v10/channels/{_h.World.CommandsChannelId}", """{"name":"robots","topic":"for bots"}""");
        Assert.Equal(200, renamed);
        Assert.Equal(("robots", "for bots"), (channel.GetProperty("name").GetString(), channel.GetProperty("topic").GetString()));
        _h.Shard.WaitFor(d => d.EventName == "CHANNEL_UPDATE" && WorldHarness.Field(d, "name") == "robots");
    }

    private void GrantBot(Cortex.Discord.Permissions.DiscordPermissions permissions)
    {
        var role = _h.State.AddRole(_h.World.GuildId, "granted", permissions);
        _h.State.AddMember(_h.World.GuildId, _h.State.Bot.Id, [role.Id.Value]);
    }

    private static string[] Overwrites(JsonElement channel) =>
        [.. channel.GetProperty("permission_overwrites").EnumerateArray()
            .Select(o => $"{o.GetProperty("id").GetString()}/{o.GetProperty("type").GetInt32()}/{o.GetProperty("allow").GetString()}/{o.GetProperty("deny").GetString()}")
            .Order()];
}
