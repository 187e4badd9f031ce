using Cortex.Discord.Gateway;
using Cortex.Events.Contract;
using Cortex.Events.Streams;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;
using StackExchange.Redis;

namespace Cortex.Tests.Gateway;

/// <summary>
/// The gateway publishes GUILD_CREATE / GUILD_DELETE onto the guild streams, in the partition of the guild's own id,
/// with the guild in <c>id</c> and <c>g</c>; a new session's GUILD_CREATE of the same guild is a new entry (not taken
/// for a replay), while a resume's replays are not appended twice. A GUILD_CREATE's entry is the guild's summary.
/// </summary>
public sealed class GuildEventRoutingTests : EmulatorAndRedisTest
{
    private const int Partitions = 4;

    [Fact]
    public async Task Guild_events_land_in_their_guilds_partition_and_a_new_sessions_GUILD_CREATE_is_a_new_entry()
    {
        const string prefix = "guildroute";
        // A guild outside partition 0: a routing that lost the guild id would put it in partition 0 (a DM's).
        var guild = Enumerable.Range(0, 50).Select(i => Emulator.World.CreateGuild($"routed-{i}")).First(g => EventPartitions.Of(g.Id, Partitions) != 0);
        var stream = EventPartitions.StreamOf(prefix + ":guilds", EventPartitions.Of(guild.Id, Partitions), Partitions);
        var settings = GatewayHost.Settings(Emulator, Redis, prefix, 1);
        settings["Events:Streams:Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var gateway = await GatewayHost.StartAsync(settings);
        await gateway.WaitReadyAsync([0]);
        await UntilAsync(async () => (await EntriesAsync(stream, guild.Id)).Length == 1, "the guild's GUILD_CREATE in its partition");

        var session = gateway.Manager.Worker(0)!.State.SessionId;
        await Emulator.PostAsync($"/control/gateway/connections/{await Emulator.ConnectionOfShardAsync(0)}/close", new { code = 4000 });
        await ShardHarness.Until(() => gateway.Manager.Worker(0)?.State is { Status: ShardStatus.Ready } s && s.Resumes > 0, "shard 0 resumed", TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        Assert.Single(await EntriesAsync(stream, guild.Id)); // a resume replays nothing already routed
        var connection = await Emulator.ConnectionOfShardAsync(0, c => c["session_id"]?.GetValue<string>() == session);
        await Emulator.PostAsync($"/control/gateway/connections/{connection}/invalid-session", new { resumable = false });
        await ShardHarness.Until(() => gateway.Manager.Worker(0)?.State is { Status: ShardStatus.Ready } s && s.SessionId != session, "shard 0 identified again", TimeSpan.FromSeconds(20));
        await UntilAsync(async () => (await EntriesAsync(stream, guild.Id)).Length == 2, "the new session's GUILD_CREATE");
        await Task.Delay(500);

        var entries = await EntriesAsync(stream, guild.Id);
        Assert.Equal(2, entries.Length);
        Assert.All(entries, e => Assert.Equal(("GUILD_CREATE", guild.Id.ToString()), ((string)e["t"]!, (string)e["g"]!)));
        // The entry is the guild's summary: its own fields, decoded through the event contract, and none of its lists.
        var routed = DiscordEvents.GuildCreate.Decode((byte[])entries[0]["d"]!);
        Assert.Equal((guild.Id, guild.Name, guild.OwnerId, (bool?)false), (routed.Id, routed.Name, routed.OwnerId, routed.Unavailable));
        Assert.NotNull(routed.MemberCount);
        Assert.Null(routed.Members);
        Assert.Null(routed.Channels);
        Assert.All(await Redis.Database.StreamRangeAsync(EventPartitions.StreamOf(prefix + ":guilds", 0, Partitions)), e => Assert.NotEqual(guild.Id.ToString(), (string?)e["id"]));
    }

    private async Task<StreamEntry[]> EntriesAsync(string stream, ulong guild) =>
        [.. (await Redis.Database.StreamRangeAsync(stream)).Where(e => (string?)e["id"] == guild.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(100);
        }
    }
}
