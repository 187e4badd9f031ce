using System.Text;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>
/// A guild's members kept unread on arrival and indexed at their first use: the same answers as reading them on arrival, member
/// events on either side of the indexing, and the process's budget of kept bytes charged and released exactly.
/// </summary>
public sealed class DeferredMembersTests
{
    private const ulong SendMessages = 1UL << 11;

    public static TheoryData<string> Payloads()
    {
        var payloads = new TheoryData<string>(GuildCreateReaderTests.Payload);
        foreach (var shape in GuildCreateReaderTests.Shapes())
        {
            payloads.Add(shape);
        }

        payloads.Add(Encoding.UTF8.GetString(GuildCacheTests.Guild(1000, owner: 1, channels: 3, roles: [(1000, SendMessages), (2000, 1UL << 5)], members: [(5, [2000]), (6, [])], denyEveryoneSendIn: 3000)));
        return payloads;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Permissions_are_the_same_whether_members_are_read_on_arrival_or_at_the_first_check(string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        var eager = Cache(budget: 0);
        var deferred = Cache(budget: 1 << 20);
        eager.Apply(0, "GUILD_CREATE", data);
        deferred.Apply(0, "GUILD_CREATE", data);
        var guild = eager.Count == 1 ? GuildId(data) : throw new InvalidOperationException("The payload was not cached.");

        Assert.Null(eager.Get(guild)!.PendingMembers);
        Assert.NotNull(deferred.Get(guild)!.PendingMembers);
        Assert.Equal(HeldArray(deferred.Get(guild)!.PendingMembers!.Value).Length, deferred.PendingMemberBytes);
        var members = eager.MembersOf(guild)!;
        Assert.NotEmpty(members);
        Snowflake?[] channels = [null, .. eager.Get(guild)!.Channels.Keys];
        foreach (var user in members.Keys.Append(new Snowflake(424242)))
        {
            foreach (var channel in channels)
            {
                Assert.Equal(eager.PermissionsFor(guild, user, channel), deferred.PermissionsFor(guild, user, channel));
            }
        }

        Assert.Equal(Describe(members), Describe(deferred.MembersOf(guild)!));
        Assert.Null(deferred.Get(guild)!.PendingMembers);
        Assert.Equal(0, deferred.PendingMemberBytes);
    }

    [Fact]
    public void Member_events_before_the_first_check_land_on_the_kept_members_and_after_it_on_the_indexed_ones()
    {
        var cache = Cache(budget: 1 << 20);
        cache.Apply(0, "GUILD_CREATE", Guild());
        Assert.True(cache.PendingMemberBytes > 0);

        // Before any check: a kept member's roles changed, a new member, a kept member removed.
        cache.Apply(0, "GUILD_MEMBER_UPDATE", Member(5));
        Assert.Equal(0, cache.PendingMemberBytes);
        cache.Apply(0, "GUILD_MEMBER_ADD", Member(7, "2000"));
        cache.Apply(0, "GUILD_MEMBER_REMOVE", Member(6));

        Assert.Equal(SendMessages, cache.PermissionsFor(1000, 5));
        Assert.Equal(SendMessages | (1UL << 5), cache.PermissionsFor(1000, 7));
        Assert.Null(cache.PermissionsFor(1000, 6));
        Assert.Equal(GuildCache.AllPermissions, cache.PermissionsFor(1000, 1));

        // After it: the indexed members change.
        cache.Apply(0, "GUILD_MEMBER_UPDATE", Member(7));
        cache.Apply(0, "GUILD_MEMBER_ADD", Member(6));
        Assert.Equal(SendMessages, cache.PermissionsFor(1000, 7));
        Assert.Equal(SendMessages, cache.PermissionsFor(1000, 6));
        Assert.Equal([1UL, 5UL, 6UL, 7UL], cache.MembersOf(1000)!.Keys.Select(id => id.Value).Order());
    }

    [Fact]
    public void A_guild_beyond_the_budget_has_its_members_read_on_arrival()
    {
        var first = Guild(1000);
        var cache = Cache(budget: MembersLength(first) + 10);
        cache.Apply(0, "GUILD_CREATE", first);
        cache.Apply(0, "GUILD_CREATE", Guild(1001));

        Assert.NotNull(cache.Get(1000)!.PendingMembers);
        Assert.Null(cache.Get(1001)!.PendingMembers);
        Assert.Equal([1UL, 5UL, 6UL], cache.Get(1001)!.MemberRoles.Keys.Select(id => id.Value).Order());
        Assert.Equal(MembersLength(first), cache.PendingMemberBytes);
        Assert.Equal(SendMessages | (1UL << 5), cache.PermissionsFor(1001, 5));
        Assert.Equal(SendMessages | (1UL << 5), cache.PermissionsFor(1000, 5));
        Assert.Equal(0, cache.PendingMemberBytes);
    }

    [Fact]
    public void Members_that_are_most_of_the_payload_are_kept_in_it_and_charged_its_whole_array()
    {
        var data = Guild(1000, members: Members(100, 200));
        var cache = Cache(budget: 1 << 20);
        cache.Apply(0, "GUILD_CREATE", data);

        var pending = cache.Get(1000)!.PendingMembers!.Value;
        Assert.Same(data, HeldArray(pending));
        Assert.Equal(MembersLength(data), pending.Length);
        Assert.Equal(data.Length, cache.PendingMemberBytes);
        Assert.Equal(SendMessages | (1UL << 5), cache.PermissionsFor(1000, 150));
        Assert.Equal(200, cache.MembersOf(1000)!.Count);
        Assert.Equal(0, cache.PendingMemberBytes);
    }

    [Fact]
    public void Members_that_are_a_small_part_of_the_payload_are_copied_and_charged_their_own_length()
    {
        var data = Guild(1000);
        var cache = Cache(budget: 1 << 20);
        cache.Apply(0, "GUILD_CREATE", data);

        var held = HeldArray(cache.Get(1000)!.PendingMembers!.Value);
        Assert.NotSame(data, held);
        Assert.Equal(MembersLength(data), held.Length);
        Assert.Equal(MembersLength(data), cache.PendingMemberBytes);
    }

    [Fact]
    public void Members_kept_in_the_payload_are_read_on_arrival_when_the_budget_cannot_hold_the_whole_payload()
    {
        // The members alone would fit; the array that keeping them holds alive does not.
        var data = Guild(1000, members: Members(100, 200));
        var cache = Cache(budget: data.Length - 1);
        cache.Apply(0, "GUILD_CREATE", data);

        Assert.Null(cache.Get(1000)!.PendingMembers);
        Assert.Equal(0, cache.PendingMemberBytes);
        Assert.Equal(200, cache.Get(1000)!.MemberRoles.Count);
    }

    [Fact]
    public void A_replaced_deleted_or_forgotten_guild_gives_its_bytes_back_to_the_budget()
    {
        var guild = Guild(1000);
        // Room for three guilds' members and their channels and roles (copied too, into the same budget).
        var cache = Cache(budget: (3 * (MembersLength(guild) + PartsLength(guild))) + 100);
        cache.Apply(0, "GUILD_CREATE", guild);
        var replaced = cache.Get(1000)!;
        cache.Apply(0, "GUILD_CREATE", guild);
        Assert.Equal(MembersLength(guild), cache.PendingMemberBytes);

        // A reader that took the replaced guild just before still reads its members, and charges nothing back.
        Assert.Equal(0, replaced.ChargedBytes);
        Assert.NotNull(replaced.PendingMembers);
        cache.Apply(0, "GUILD_DELETE", """{"id":"1000"}"""u8.ToArray());
        Assert.Equal(0, cache.PendingMemberBytes);

        cache.Apply(1, "GUILD_CREATE", Guild(1000));
        cache.Apply(1, "GUILD_CREATE", Guild(1001));
        cache.Apply(2, "GUILD_CREATE", Guild(1002, members: "[{\"user\":{\"id\":\"9\"},\"roles\":[]}]"));
        Assert.Equal((2 * MembersLength(guild)) + cache.Get(1002)!.ChargedBytes, cache.PendingMemberBytes);
        cache.ForgetShard(1);
        Assert.Equal(cache.Get(1002)!.ChargedBytes, cache.PendingMemberBytes);
        Assert.True(cache.PendingMemberBytes > 0);
        cache.ForgetShard(2);
        Assert.Equal(0, cache.PendingMemberBytes);
    }

    [Fact]
    public void A_malformed_kept_members_list_caches_no_member_and_warns_without_throwing()
    {
        // The walk only bounds the members on arrival: a list whose brackets and strings balance but whose content is not JSON
        // is found at its first use. The guild read on arrival refuses the whole payload (as it always has).
        var data = Guild(1000, members: """[{"user":{"id":"5"},"roles":["2000"]},{"user":{"id":"6"},"roles":[,]}]""");
        Assert.ThrowsAny<JsonException>(() => Cache(budget: 0).Apply(0, "GUILD_CREATE", data));
        var logs = new LogLines();
        var cache = new GuildCache(1 << 20, metrics: null, logs);
        cache.Apply(0, "GUILD_CREATE", data);

        Assert.Null(cache.PermissionsFor(1000, 5));
        Assert.Null(cache.PermissionsFor(1000, 6));
        Assert.Empty(cache.MembersOf(1000)!);
        Assert.Equal(0, cache.PendingMemberBytes);
        Assert.Equal(SendMessages | (1UL << 5), cache.Get(1000)!.RolePermissions.Values.Aggregate((a, b) => a | b));
        var warning = Assert.Single(logs.Lines);
        Assert.StartsWith("Warning: Guild 1000 (shard 0)", warning, StringComparison.Ordinal);

        // The member's next event brings it back.
        cache.Apply(0, "GUILD_MEMBER_ADD", Member(5, "2000"));
        Assert.Equal(SendMessages | (1UL << 5), cache.PermissionsFor(1000, 5));
        Assert.Single(logs.Lines);
    }

    [Fact]
    public void Concurrent_first_checks_index_the_members_once_and_agree()
    {
        var cache = Cache(budget: 1 << 20);
        cache.Apply(0, "GUILD_CREATE", Guild(1000, members: Members(100, 2000)));
        var charged = cache.PendingMemberBytes;

        var answers = new ulong?[8];
        Parallel.For(0, answers.Length, i => answers[i] = cache.PermissionsFor(1000, (ulong)(100 + i)));

        Assert.All(answers, answer => Assert.Equal(SendMessages | (1UL << 5), answer));
        Assert.True(charged > 0);
        Assert.Equal(0, cache.PendingMemberBytes); // released once: twice would leave it negative
        Assert.Equal(2000, cache.MembersOf(1000)!.Count);
    }

    [Fact]
    public void The_budget_must_not_be_negative()
    {
        var options = new GatewayOptions { DeferredMemberBytes = -1 };
        var failure = new GatewayOptionsValidator().Validate(null, options);
        Assert.Contains(failure.Failures!, f => f.Contains("DeferredMemberBytes", StringComparison.Ordinal));
        options.DeferredMemberBytes = 0;
        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(64L << 20, new GatewayOptions().DeferredMemberBytes);
    }

    private static GuildCache Cache(long budget) => new(budget, metrics: null, NullLogger.Instance);

    private static byte[] Guild(ulong id = 1000, string? members = null)
    {
        var data = GuildCacheTests.Guild(id, owner: 1, channels: 2, roles: [(1000, SendMessages), (2000, 1UL << 5)], members: [(5, [2000]), (6, [])]);
        if (members is null)
        {
            return data;
        }

        var json = Encoding.UTF8.GetString(data);
        return Encoding.UTF8.GetBytes(json[..json.IndexOf("\"members\":", StringComparison.Ordinal)] + "\"members\":" + members + "}");
    }

    /// <summary><paramref name="count"/> members from user id <paramref name="first"/> on, each with role 2000.</summary>
    private static string Members(int first, int count) =>
        "[" + string.Join(',', Enumerable.Range(first, count).Select(u => $$"""{"user":{"id":"{{u}}"},"roles":["2000"]}""")) + "]";

    /// <summary>The array that kept members hold alive: the payload's own, or their copy.</summary>
    private static byte[] HeldArray(ReadOnlyMemory<byte> pending) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(pending, out var segment) ? segment.Array! : throw new InvalidOperationException("Kept members are not in an array.");

    private static int MembersLength(byte[] guild)
    {
        var json = Encoding.UTF8.GetString(guild);
        return json.Length - json.IndexOf("\"members\":", StringComparison.Ordinal) - "\"members\":".Length - 1;
    }

    /// <summary>The roles and channels arrays of a <see cref="Guild"/>, which a deferring cache copies when it copies the members.</summary>
    private static int PartsLength(byte[] guild)
    {
        var json = Encoding.UTF8.GetString(guild);
        var roles = json.IndexOf("\"roles\":", StringComparison.Ordinal) + "\"roles\":".Length;
        var channels = json.IndexOf("\"channels\":", StringComparison.Ordinal) + "\"channels\":".Length;
        return json.IndexOf(",\"channels\":", StringComparison.Ordinal) - roles + json.IndexOf(",\"members\":", StringComparison.Ordinal) - channels;
    }

    private static byte[] Member(ulong user, params string[] roles) =>
        Encoding.UTF8.GetBytes($$"""{"guild_id":"1000","user":{"id":"{{user}}"},"roles":[{{string.Join(',', roles.Select(r => $"\"{r}\""))}}]}""");

    private static Snowflake GuildId(byte[] data) => Snowflake.Parse(JsonDocument.Parse(data).RootElement.GetProperty("id").GetString()!);

    private static string Describe(Dictionary<Snowflake, ulong[]> members) =>
        string.Join('\n', members.OrderBy(m => m.Key).Select(m => $"{m.Key}: {string.Join(',', m.Value)}"));
}
