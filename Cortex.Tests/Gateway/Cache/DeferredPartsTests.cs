using System.Text;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Gateway.Cache;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>
/// A guild's channels, threads and roles kept unread on arrival and indexed at their first use: the same answers as reading them
/// on arrival, changes before the first use landing on what GUILD_CREATE sent, kept arrays that are not JSON denying every
/// check, and the budget given back when the guild goes.
/// </summary>
[Collection(nameof(GuildCacheTests))]
public sealed class DeferredPartsTests
{
    private const ulong SendMessages = 1UL << 11;

    public static TheoryData<string> Guilds() => new(
        "recorded",
        "mid",
        "large");

    [Theory]
    [MemberData(nameof(Guilds))]
    public void A_first_permission_check_answers_as_if_channels_and_roles_were_read_on_arrival(string name)
    {
        var data = Payload(name);
        var eager = Cache(budget: 0);
        var deferred = Cache(budget: 64 << 20);
        eager.Apply(0, "GUILD_CREATE", data);
        deferred.Apply(0, "GUILD_CREATE", data);
        var guild = GuildId(data);
        Assert.NotNull(Peek(deferred, guild).PendingParts);

        // The first use is a check (Get indexes too: the deferred cache's guild is only peeked at until then).
        var members = eager.MembersOf(guild)!.Keys.Append(new Snowflake(424242)).ToArray();
        Snowflake?[] channels = [null, .. eager.Get(guild)!.Channels.Keys, new Snowflake(1)];
        Assert.Equal(eager.PermissionsFor(guild, members[0], channels[1]), deferred.PermissionsFor(guild, members[0], channels[1]));
        Assert.Null(Peek(deferred, guild).PendingParts);
        foreach (var user in members)
        {
            foreach (var channel in channels)
            {
                Assert.Equal(eager.PermissionsFor(guild, user, channel), deferred.PermissionsFor(guild, user, channel));
                if (channel is { } id)
                {
                    Assert.Equal(eager.ChannelOf(guild, id), deferred.ChannelOf(guild, id));
                }
            }
        }

        Assert.Equal(Describe(eager.Get(guild)!), Describe(deferred.Get(guild)!));
        Assert.Equal(0, deferred.PendingPartBytes + deferred.PendingMemberBytes);
    }

    [Fact]
    public void Changes_before_the_first_use_land_on_the_channels_and_roles_guild_create_sent()
    {
        var data = GuildCacheTests.Guild(1000, owner: 1, channels: 3, roles: [(1000, SendMessages), (2000, 1UL << 5), (3000, 1UL << 4)], members: [(5, [2000, 3000]), (6, [])], denyEveryoneSendIn: 3100);
        string[] changes =
        [
            """{"guild_id":"1000","role":{"id":"2000","permissions":"8"}}""",
            """{"guild_id":"1000","role_id":"3000"}""",
            """{"guild_id":"1000","role":{"id":"4000","permissions":"64"}}""",
            """{"guild_id":"1000","id":"3001","type":0,"permission_overwrites":[{"id":"1000","type":0,"allow":"0","deny":"2048"}]}""",
            """{"guild_id":"1000","id":"3002"}""",
            """{"guild_id":"1000","id":"3500","type":0,"permission_overwrites":[{"id":"6","type":1,"allow":"0","deny":"2048"}]}""",
            """{"guild_id":"1000","id":"3600","type":11,"parent_id":"3500"}""",
            """{"id":"1000","owner_id":"6","roles":[]}""",
        ];
        string[] events = ["GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE", "GUILD_ROLE_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE", "CHANNEL_CREATE", "THREAD_CREATE", "GUILD_UPDATE"];

        // Each kind of change once as the first use of the kept arrays (the rest after it, in order).
        for (var first = 0; first < changes.Length; first++)
        {
            var eager = Cache(budget: 0);
            var deferred = Cache(budget: 1 << 20);
            foreach (var cache in new[] { eager, deferred })
            {
                cache.Apply(0, "GUILD_CREATE", data);
                Assert.True(cache == eager || Peek(cache, 1000).PendingParts is not null);
                for (var i = first; i < first + changes.Length; i++)
                {
                    cache.Apply(0, events[i % changes.Length], Encoding.UTF8.GetBytes(changes[i % changes.Length]));
                }
            }

            Assert.Null(Peek(deferred, 1000).PendingParts);
            Assert.Equal(0, deferred.PendingPartBytes);
            foreach (var user in new ulong[] { 1, 5, 6, 7 })
            {
                foreach (Snowflake? channel in new Snowflake?[] { null, 3000, 3001, 3002, 3100, 3500, 3600 })
                {
                    Assert.Equal(eager.PermissionsFor(1000, user, channel), deferred.PermissionsFor(1000, user, channel));
                }
            }

            Assert.Equal(Describe(eager.Get(1000)!), Describe(deferred.Get(1000)!));
        }
    }

    [Theory]
    [InlineData("roles", """[{"id":"1000","permissions":"2048"},{"id":"2000","permissions":,}]""")]
    [InlineData("channels", """[{"id":"3000","type":0,"permission_overwrites":[{"id":"5","type":1,"allow":"8","deny":}]}]""")]
    public void Kept_channels_or_roles_that_are_not_json_deny_every_check_and_warn_once_without_throwing(string part, string malformed)
    {
        var data = Replace(GuildCacheTests.Guild(1000, owner: 1, channels: 1, roles: [(1000, SendMessages), (2000, 8)], members: [(5, [2000]), (6, [])]), part, malformed);
        Assert.ThrowsAny<JsonException>(() => Cache(budget: 0).Apply(0, "GUILD_CREATE", data));
        var logs = new LogLines();
        var cache = new GuildCache(1 << 20, metrics: null, logs);
        cache.Apply(0, "GUILD_CREATE", data);
        Assert.Empty(logs.Lines);

        // The owner and an administrator (role 2000 has bit 8) would be granted everything: a check fails closed instead.
        Assert.Equal(0UL, cache.PermissionsFor(1000, 1));
        Assert.Equal(0UL, cache.PermissionsFor(1000, 5));
        Assert.Equal(0UL, cache.PermissionsFor(1000, 5, 3000));
        Assert.Equal(0UL, cache.PermissionsFor(1000, 6));
        Assert.Null(cache.ChannelOf(1000, 3000));
        var guild = cache.Get(1000)!;
        Assert.True(guild.PartsMalformed);
        Assert.Empty(guild.RolePermissions);
        Assert.Empty(guild.Channels);
        Assert.Equal(0, cache.PendingPartBytes);
        var warning = Assert.Single(logs.Lines);
        Assert.StartsWith("Warning: Guild 1000 (shard 0): its kept channels and roles", warning, StringComparison.Ordinal);

        // A later change does not make the guild trusted again; its next GUILD_CREATE does.
        cache.Apply(0, "GUILD_ROLE_UPDATE", """{"guild_id":"1000","role":{"id":"1000","permissions":"2048"}}"""u8.ToArray());
        Assert.Equal(0UL, cache.PermissionsFor(1000, 6));
        cache.Apply(0, "GUILD_CREATE", GuildCacheTests.Guild(1000, owner: 1, channels: 1, roles: [(1000, SendMessages), (2000, 8)], members: [(5, [2000]), (6, [])]));
        Assert.Equal(GuildCache.AllPermissions, cache.PermissionsFor(1000, 5));
        Assert.Equal(SendMessages, cache.PermissionsFor(1000, 6));
        Assert.Single(logs.Lines);
    }

    [Fact]
    public void Copied_channels_and_roles_give_their_charge_back_when_the_guild_is_deleted_or_its_shard_forgotten()
    {
        var data = Guild(1000);
        var probe = Cache(budget: 1 << 20);
        probe.Apply(0, "GUILD_CREATE", data);
        var parts = probe.PendingPartBytes;
        var members = probe.PendingMemberBytes;
        Assert.True(parts > 0 && members > 0);

        // Room for one guild's kept bytes: a second is kept only once the first gave its bytes back.
        var cache = Cache(budget: parts + members);
        cache.Apply(0, "GUILD_CREATE", data);
        cache.Apply(0, "GUILD_CREATE", Guild(1001));
        Assert.Null(Peek(cache, 1001).PendingParts);
        cache.Apply(0, "GUILD_DELETE", """{"id":"1000"}"""u8.ToArray());
        Assert.Equal(0, cache.PendingPartBytes + cache.PendingMemberBytes);

        cache.Apply(1, "GUILD_CREATE", Guild(1002));
        Assert.NotNull(Peek(cache, 1002).PendingParts);
        Assert.Equal(parts, cache.PendingPartBytes);
        cache.ForgetShard(1);
        Assert.Equal(0, cache.PendingPartBytes + cache.PendingMemberBytes);
        cache.Apply(0, "GUILD_CREATE", Guild(1003));
        Assert.NotNull(Peek(cache, 1003).PendingParts);
        Assert.Equal(parts, cache.PendingPartBytes);
    }

    [Fact]
    public void Channels_and_roles_in_a_payload_held_for_its_members_keep_its_charge_until_both_are_read_or_the_guild_goes()
    {
        var data = Guild(1000, members: 200);
        var cache = Cache(budget: data.Length);
        cache.Apply(0, "GUILD_CREATE", data);
        Assert.Equal((data.Length, 0L), (cache.PendingMemberBytes, cache.PendingPartBytes));

        // The members read first: the payload stays alive for the channels and roles, and so does its charge.
        Assert.Equal(201, cache.MembersOf(1000)!.Count); // and the owner
        Assert.Equal((0L, (long)data.Length), (cache.PendingMemberBytes, cache.PendingPartBytes));
        cache.Apply(0, "GUILD_CREATE", Guild(1001, members: 200));
        Assert.Null(Peek(cache, 1001).PendingParts);
        Assert.Null(Peek(cache, 1001).PendingMembers);

        cache.Apply(0, "GUILD_DELETE", """{"id":"1000"}"""u8.ToArray());
        cache.Apply(0, "GUILD_DELETE", """{"id":"1001"}"""u8.ToArray());
        Assert.Equal((0L, 0L), (cache.PendingMemberBytes, cache.PendingPartBytes));
        cache.Apply(0, "GUILD_CREATE", Guild(1002, members: 200));
        Assert.NotNull(Peek(cache, 1002).PendingMembers);
        Assert.Equal(SendMessages | (1UL << 5), cache.PermissionsFor(1002, 150));
        Assert.Equal((0L, 0L), (cache.PendingMemberBytes, cache.PendingPartBytes));
    }

    [Fact]
    public void Kept_arrays_give_their_charge_back_when_the_members_walked_on_arrival_send_the_payload_to_the_validating_reader()
    {
        // Members that are most of the payload would hold all of it: a budget short of that walks them on arrival, and copies
        // the arrays.
        var data = Guild(1000, members: 20);
        var probe = Cache(budget: data.Length - 1);
        probe.Apply(0, "GUILD_CREATE", data);
        var parts = probe.PendingPartBytes;
        Assert.True(parts > 0);

        // An escaped id among the members walked after the arrays were charged sends the whole payload to the validating reader.
        var cache = Cache(budget: parts + 10);
        var escaped = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace("{\"user\":{\"id\":\"100\"}", "{\"user\":{\"id\":\"\\u0031\\u0030\\u0030\"}", StringComparison.Ordinal));
        cache.Apply(0, "GUILD_CREATE", escaped);
        Assert.Null(Peek(cache, 1000).PendingParts);
        Assert.Equal(SendMessages | (1UL << 5), cache.PermissionsFor(1000, 100));
        Assert.Equal(0, cache.PendingPartBytes);

        // The budget got them back: the next guild's arrays fit in it.
        cache.Apply(0, "GUILD_CREATE", Guild(1001, members: 20));
        Assert.NotNull(Peek(cache, 1001).PendingParts);
        Assert.Equal(parts, cache.PendingPartBytes);
    }

    private static GuildCache Cache(long budget) => new(budget, metrics: null, NullLogger.Instance);

    /// <summary>The cached guild as it is, without <see cref="GuildCache.Get"/> (which indexes its channels and roles).</summary>
    private static CachedGuild Peek(GuildCache cache, ulong id)
    {
        var guilds = (System.Collections.Concurrent.ConcurrentDictionary<Snowflake, CachedGuild>)typeof(GuildCache)
            .GetField("_guilds", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(cache)!;
        return guilds[id];
    }

    private static byte[] Guild(ulong id, int members = 2) =>
        GuildCacheTests.Guild(id, owner: 1, channels: 2, roles: [(1000, SendMessages), (2000, 1UL << 5)], members: [.. Enumerable.Range(100, members).Select(u => ((ulong)u, new ulong[] { 2000 }))]);

    private static byte[] Replace(byte[] guild, string part, string array)
    {
        var json = Encoding.UTF8.GetString(guild);
        var start = json.IndexOf($"\"{part}\":", StringComparison.Ordinal) + part.Length + 3;
        var end = json.IndexOf("],\"", start, StringComparison.Ordinal) + 1;
        return Encoding.UTF8.GetBytes(json[..start] + array + json[end..]);
    }

    private static byte[] Payload(string name) => name switch
    {
        "recorded" => Cortex.Emulator.Gateway.RecordedEventMix.All.First(e => e.EventName == "GUILD_CREATE").Data.ToArray(),
        "mid" => GeneratedGuild.Build(seed: 1, roles: 40, channels: 60, threads: 10, members: 250),
        _ => GeneratedGuild.Build(seed: 2, roles: 250, channels: 500, threads: 50, members: 1000),
    };

    private static Snowflake GuildId(byte[] data) => Snowflake.Parse(JsonDocument.Parse(data).RootElement.GetProperty("id").GetString()!);

    private static string Describe(CachedGuild guild) =>
        $"owner {guild.OwnerId}\n"
        + string.Join('\n', guild.RolePermissions.OrderBy(r => r.Key).Select(r => $"role {r.Key}: {r.Value}")) + "\n"
        + string.Join('\n', guild.Channels.OrderBy(c => c.Key).Select(c => $"channel {c.Key}: {c.Value.Type} in {c.Value.ParentId}, "
            + string.Join(';', c.Value.Overwrites.Select(o => $"{o.Id}/{o.Type}/{(ulong)o.Allow}/{(ulong)o.Deny}"))));
}
