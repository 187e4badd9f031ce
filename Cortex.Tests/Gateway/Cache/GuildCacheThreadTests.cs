using System.Globalization;
using System.Text;
using Cortex.Discord.Gateway;
using Cortex.Gateway.Cache;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Emulator.World;
using Cortex.Tests.Support;
using static Cortex.Discord.Permissions.DiscordPermissions;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>
/// The gateway's guild cache keeps threads, fed with the frames the emulator sends a real shard: a check or
/// a lookup on a thread resolves to its parent channel, from THREAD_CREATE and from GUILD_CREATE's
/// <c>threads</c>; THREAD_DELETE and THREAD_LIST_SYNC take threads out again.
/// </summary>
public sealed class GuildCacheThreadTests : IAsyncLifetime
{
    private WorldHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorldHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_check_on_a_thread_reads_its_parents_overwrites_from_thread_create_and_from_guild_create()
    {
        var guild = _h.World.GuildId.Value;
        var general = _h.World.GeneralChannelId.Value;
        await _h.OverwriteAsync(general, _h.World.AdaId, type: 1, deny: (ulong)SendMessages);
        var (status, body) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{general}/threads", """{"name":"cached","type":11}""");
        Assert.Equal(201, status);
        var thread = ulong.Parse(body.GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
        _h.Shard.WaitFor(d => d.EventName == "THREAD_CREATE" && WorldHarness.Field(d, "id") == thread.ToString(CultureInfo.InvariantCulture));

        var live = Fed(_h.Shard.Received);
        Assert.Equal(general, live.ChannelOf(guild, thread));
        Assert.Equal(0UL, live.PermissionsFor(guild, _h.World.AdaId, thread) & (ulong)SendMessages);
        Assert.Equal(live.PermissionsFor(guild, _h.World.AdaId, general), live.PermissionsFor(guild, _h.World.AdaId, thread));

        // A shard that connects now learns of the thread from GUILD_CREATE's threads.
        await using var late = ShardHarness.StartAgainst(new Uri($"ws://127.0.0.1:{_h.Emulator.Port}/gateway"),
            o => o with { Token = EmulatorServer.BotToken, Intents = WorldHarness.Intents });
        late.WaitFor(d => d.EventName == "GUILD_CREATE" && WorldHarness.Field(d, "id") == guild.ToString(CultureInfo.InvariantCulture));
        var rebuilt = Fed(late.Received);
        Assert.Equal(general, rebuilt.ChannelOf(guild, thread));
        Assert.Equal(0UL, rebuilt.PermissionsFor(guild, _h.World.AdaId, thread) & (ulong)SendMessages);
    }

    [Fact]
    public void Thread_delete_and_thread_list_sync_take_threads_out()
    {
        var cache = new GuildCache();
        cache.Apply(0, "GUILD_CREATE", Json("""
            {"id":"1","owner_id":"9","roles":[{"id":"1","permissions":"2048"}],
             "channels":[{"id":"10","type":0,"permission_overwrites":[{"id":"1","type":0,"allow":"0","deny":"2048"}]},{"id":"20","type":0}],
             "threads":[{"id":"11","type":11,"parent_id":"10"},{"id":"21","type":11,"parent_id":"20"}],
             "members":[{"user":{"id":"5"},"roles":[]}]}
            """));
        Assert.Equal(10UL, cache.ChannelOf(1, 11));
        Assert.Equal(0UL, cache.PermissionsFor(1, 5, 11));

        cache.Apply(0, "THREAD_DELETE", Json("""{"id":"11","guild_id":"1","parent_id":"10","type":11}"""));
        Assert.Null(cache.ChannelOf(1, 11));

        // The sync names channel 20 only: its old thread goes, the listed one comes, channel 10's new thread stays.
        cache.Apply(0, "THREAD_CREATE", Json("""{"id":"12","guild_id":"1","type":11,"parent_id":"10"}"""));
        cache.Apply(0, "THREAD_LIST_SYNC", Json("""{"guild_id":"1","channel_ids":["20"],"threads":[{"id":"22","type":12,"parent_id":"20"}],"members":[]}"""));
        Assert.Null(cache.ChannelOf(1, 21));
        Assert.Equal(20UL, cache.ChannelOf(1, 22));
        Assert.Equal(10UL, cache.ChannelOf(1, 12));
    }

    private static GuildCache Fed(IEnumerable<GatewayDispatch> frames)
    {
        var cache = new GuildCache();
        foreach (var frame in frames.Where(f => GuildCache.Handles(f.EventName)))
        {
            cache.Apply(frame.ShardId, frame.EventName, frame.Data);
        }

        return cache;
    }

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);
}
