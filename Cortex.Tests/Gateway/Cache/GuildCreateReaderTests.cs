using System.Text;
using Cortex.Discord.Models;
using Cortex.Gateway.Cache;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>GUILD_CREATE read straight from its bytes: only the guild's own ids count, whatever order and nesting Discord uses.</summary>
public sealed class GuildCreateReaderTests
{
    // Fields in an unusual order, and every nested object that carries an "id", "roles", "owner_id" or "permissions"
    // of its own (emojis, presences, voice states, stickers), which must not leak into the cache. Active threads are
    // cached as channels of their parent, with nothing of their own owner or permissions.
    internal const string Payload = """
        {"members":[{"roles":["20","21"],"user":{"username":"x","id":"5","avatar":null}},
                    {"user":{"id":"\u0036"},"nick":null,"roles":[]}],
         "emojis":[{"id":"900","roles":["999"],"name":"e"}],
         "presences":[{"user":{"id":"7"},"activities":[{"id":"abc","roles":["1"]}]}],
         "threads":[{"id":"901","owner_id":"7","parent_id":"30","permissions":"8"}],
         "voice_states":[{"user_id":"5","channel_id":"30","member":{"user":{"id":"8"},"roles":["21"]}}],
         "stickers":[],"features":["COMMUNITY"],"large":true,"member_count":3,
         "channels":[{"permission_overwrites":[{"id":"10","type":0,"allow":"0","deny":"2048"},{"type":1,"id":"5","allow":"2048","deny":"0"}],
                      "name":"general","parent_id":"29","type":5,"id":"30"},
                     {"id":"29","type":4,"permission_overwrites":null}],
         "roles":[{"permissions":"3072","name":"@everyone","id":"10"},{"id":"20","permissions":"32"},{"id":"21","permissions":"8"}],
         "owner_id":"7","unavailable":false,"id":"10","name":"guild"}
        """;

    [Fact]
    public void Only_the_guilds_own_roles_channels_and_members_are_cached()
    {
        var cache = new GuildCache();
        cache.Apply(0, "GUILD_CREATE", Encoding.UTF8.GetBytes(Payload));

        var guild = cache.Get(10)!;
        Assert.Equal(new Snowflake(7), guild.OwnerId);
        Assert.Equal(new Dictionary<Snowflake, ulong> { [10] = 3072, [20] = 32, [21] = 8 }, guild.RolePermissions);
        var members = cache.MembersOf(10)!;
        Assert.Equal([5UL, 6UL], members.Keys.Order().Select(id => id.Value));
        Assert.Equal([20UL, 21UL], members[5]);
        Assert.Empty(members[6]);
        Assert.Equal([29UL, 30UL, 901UL], guild.Channels.Keys.Order().Select(id => id.Value));
        Assert.Equal(new Snowflake(30), guild.Channels[901].ParentId);
        var general = guild.Channels[30];
        Assert.Equal((5, 29UL), (general.Type, general.ParentId.Value));
        Assert.Equal([(10UL, PermissionOverwriteType.Role), (5UL, PermissionOverwriteType.Member)], general.Overwrites.Select(o => (o.Id, o.Type)));
        Assert.Empty(guild.Channels[29].Overwrites);
        Assert.Equal(GuildCache.AllPermissions, cache.PermissionsFor(10, 5, 30));
        Assert.Equal(3072UL & ~2048UL, cache.PermissionsFor(10, 6, 30));
    }

    [Fact]
    public void An_unavailable_guild_is_not_cached_and_a_malformed_one_is_refused()
    {
        var cache = new GuildCache();
        cache.Apply(0, "GUILD_CREATE", """{"id":"11","unavailable":true}"""u8.ToArray());

        Assert.Null(cache.Get(11));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => cache.Apply(0, "GUILD_CREATE", Encoding.UTF8.GetBytes("{\"id\":\"12\",\"roles\":[{\"id\":\"1\",")));
        Assert.Null(cache.Get(12));
    }

    public static TheoryData<string> Shapes()
    {
        var plain = Payload.Replace("\\u0036", "6", StringComparison.Ordinal);
        var recorded = Encoding.UTF8.GetString(Cortex.Emulator.Gateway.RecordedEventMix.All.First(e => e.EventName == "GUILD_CREATE").Data);
        var indented = System.Text.Json.Nodes.JsonNode.Parse(plain)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var tricky = plain.Replace("\"name\":\"general\"", "\"name\":\"a \\\"}]{[ \\\\\",\"topic\":{\"x\":[\"]\",{}]}", StringComparison.Ordinal);
        return [plain, recorded, indented, tricky];
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_walk_caches_what_the_validating_reader_caches(string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        var walked = GuildCreateReader.Walk(0, data);
        Assert.NotEmpty(walked!.MemberRoles);
        Assert.Equal(Describe(GuildCreateReader.ReadValidated(0, data)!), Describe(walked));
    }

    [Fact]
    public void Guilds_walked_one_after_another_keep_only_their_own_members_channels_and_roles()
    {
        // The walk reuses its thread's dictionaries from one guild to the next: nothing of one guild may stay in the next,
        // nor may the next one's walk change a guild already cached.
        var first = GuildCreateReader.Walk(0, Encoding.UTF8.GetBytes(Payload.Replace("\\u0036", "6", StringComparison.Ordinal)))!;
        var second = GuildCreateReader.Walk(0, """{"id":"40","roles":[{"id":"40","permissions":"1"}],"members":[{"user":{"id":"41"},"roles":[]}],"channels":[]}"""u8.ToArray())!;

        Assert.Equal([41UL], second.MemberRoles.Keys.Select(id => id.Value));
        Assert.Equal([40UL], second.RolePermissions.Keys.Select(id => id.Value));
        Assert.Empty(second.Channels);
        Assert.Equal([5UL, 6UL], first.MemberRoles.Keys.Order().Select(id => id.Value));
        Assert.Equal(3, first.Channels.Count);
    }

    [Fact]
    public void Ids_of_every_length_and_form_are_read_as_the_validating_reader_reads_them()
    {
        // The walk parses up to 19 digits in the pass that finds the closing quote; 20 digits (past what always fits a ulong),
        // leading zeros, overflow, an empty or signed or spaced string and a number take the general path, which reads them as
        // the validating reader does (0 for anything that is not a ulong's digits).
        string[] ids = ["0", "7", "9999999999999999999", "00000000000000000001", "18446744073709551615", "18446744073709551616",
            "99999999999999999999",
            "99999999999999999999999", "", "12a", "-5", "+5", "1 ", " 1", "1.0"];
        var roles = string.Join(',', ids.Select((id, i) => $$"""{"id":"{{i + 100}}","permissions":"{{id}}"}"""));
        var members = string.Join(',', ids.Select((id, i) => $$"""{"user":{"id":"{{id}}{{i}}"},"roles":["{{id}}","{{i}}"]}"""));
        var payload = $$"""{"id":"1","owner_id":18446744073709551615,"roles":[{{roles}},{"id":5,"permissions":"5"}],"members":[{{members}}],"channels":[{"id":"3","type": 5 ,"parent_id":"00","permission_overwrites":[]}]}""";
        var data = Encoding.UTF8.GetBytes(payload);

        Assert.Equal(Describe(GuildCreateReader.ReadValidated(0, data)!), Describe(GuildCreateReader.Walk(0, data)!));
    }

    [Fact]
    public void Random_snowflakes_of_1_to_20_digits_read_as_the_validating_reader_reads_them_in_the_middle_and_at_the_end()
    {
        // The walk counts an id's digits with one 32-byte compare and converts them eight at a time; within 32 bytes of the
        // payload's end it counts them one by one. Each length from 1 to 20 digits, random digits, in members' ids and roles
        // (far from the end) and as the guild's id written last (near the end), must read exactly as the validating reader reads it.
        var random = new Random(1919);
        string Digits(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => (char)('0' + random.Next(10))));
        for (var length = 1; length <= 20; length++)
        {
            var members = string.Join(',', Enumerable.Range(0, 40).Select(_ => $$"""{"user":{"id":"{{Digits(length)}}"},"roles":["{{Digits(length)}}","{{Digits(1 + random.Next(20))}}"]}"""));
            var payload = $$"""{"owner_id":"{{Digits(length)}}","roles":[{"id":"{{Digits(length)}}","permissions":"{{Digits(length)}}"}],"members":[{{members}}],"id":"{{Digits(length)}}"}""";
            var data = Encoding.UTF8.GetBytes(payload);
            var walked = GuildCreateReader.Walk(0, data)!;

            Assert.Equal(Describe(GuildCreateReader.ReadValidated(0, data)!), Describe(walked));
        }
    }

    [Fact]
    public void Strings_of_every_length_around_the_walks_32_byte_compare_are_skipped_and_read_whole()
    {
        // Names and skipped values from 0 to 80 bytes, with a quote or backslash escape at every offset around the 32 bytes the
        // walk compares at once, and a name that ends exactly at the payload's last bytes.
        var members = new List<string>();
        for (var length = 0; length <= 80; length++)
        {
            var plain = new string('n', length);
            var escaped = plain[..(length / 2)] + "\\\"" + plain[(length / 2)..] + "\\\\";
            members.Add($$"""{"{{plain}}":"{{plain}}","nick":"{{escaped}}","user":{"{{plain}}x":0,"id":"{{length + 1}}"},"roles":["{{length}}"]}""");
        }

        var data = Encoding.UTF8.GetBytes($$"""{"id":"1","members":[{{string.Join(',', members)}}],"{{new string('z', 40)}}":1}""");
        var walked = GuildCreateReader.Walk(0, data)!;

        Assert.Equal(81, walked.MemberRoles.Count);
        Assert.Equal(Describe(GuildCreateReader.ReadValidated(0, data)!), Describe(walked));
    }

    [Fact]
    public void An_escaped_id_is_left_to_the_validating_reader()
    {
        var data = Encoding.UTF8.GetBytes(Payload);
        Assert.Throws<UnexpectedJsonException>(() => GuildCreateReader.Walk(0, data));
        Assert.Equal([20UL, 21UL], GuildCreateReader.Read(0, data)!.MemberRoles[5]);
        Assert.True(GuildCreateReader.Read(0, data)!.MemberRoles.ContainsKey(6));
    }

    private static string Describe(CachedGuild guild)
    {
        List<string> lines = [$"{guild.Id} owner {guild.OwnerId}"];
        lines.AddRange(guild.RolePermissions.OrderBy(r => r.Key).Select(r => $"role {r.Key}: {r.Value}"));
        lines.AddRange(guild.Channels.Values.OrderBy(c => c.Id).Select(c => $"channel {c.Id} type {c.Type} parent {c.ParentId}: " + string.Join(", ", c.Overwrites.Select(o => $"{o.Id}/{o.Type}/{o.Allow}/{o.Deny}"))));
        lines.AddRange(guild.MemberRoles.OrderBy(m => m.Key).Select(m => $"member {m.Key}: " + string.Join(", ", m.Value)));
        return string.Join('\n', lines);
    }
}
