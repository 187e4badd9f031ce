using System.Text;
using Cortex.Gateway.Cache;
using Xunit.Abstractions;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>The minimal cache: permissions for command checks from GUILD_* dispatches, and what a guild costs in memory.</summary>
// One collection with DeferredPartsTests, whose large guilds come and go fast enough to move this class's process-wide memory figure.
[Collection(nameof(GuildCacheTests))]
public sealed class GuildCacheTests(ITestOutputHelper output)
{
    private const ulong SendMessages = 1UL << 11;
    private const ulong ManageGuild = 1UL << 5;

    [Fact]
    public void Permissions_combine_everyone_member_roles_and_channel_overwrites()
    {
        var cache = new GuildCache();
        cache.Apply(0, "GUILD_CREATE", Guild(1000, owner: 1, channels: 1, roles: [(1000, SendMessages), (2000, ManageGuild)], members: [(5, [2000]), (6, [])], denyEveryoneSendIn: 3000));

        Assert.Equal(SendMessages | ManageGuild, cache.PermissionsFor(1000, 5));
        Assert.Equal(SendMessages, cache.PermissionsFor(1000, 6));
        Assert.Equal(0UL, cache.PermissionsFor(1000, 6, 3000));
        Assert.Equal(GuildCache.AllPermissions, cache.PermissionsFor(1000, 1) ?? 0);
        Assert.Null(cache.PermissionsFor(1000, 99));

        cache.Apply(0, "GUILD_ROLE_UPDATE", Encoding.UTF8.GetBytes("""{"guild_id":"1000","role":{"id":"2000","permissions":"8"}}"""));
        Assert.Equal(GuildCache.AllPermissions, cache.PermissionsFor(1000, 5));
        cache.Apply(0, "GUILD_DELETE", Encoding.UTF8.GetBytes("""{"id":"1000"}"""));
        Assert.Null(cache.PermissionsFor(1000, 5));
    }

    [Fact]
    public void A_typical_guild_costs_a_few_kilobytes_of_cache()
    {
        // 20 channels, 10 roles, 50 members: a small community server, as GUILD_CREATE sends it.
        const int guilds = 2000;
        var payloads = Enumerable.Range(0, guilds)
            .Select(i => Guild((ulong)(10_000 + i), owner: 1, channels: 20, roles: [.. Enumerable.Range(0, 10).Select(r => ((ulong)(100 + r), SendMessages))], members: [.. Enumerable.Range(0, 50).Select(m => ((ulong)(500 + m), new ulong[] { 100, 101 }))]))
            .ToList();
        var cache = new GuildCache();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var payload in payloads)
        {
            cache.Apply(0, "GUILD_CREATE", payload);
        }

        // What a guild holds once read: its channels and roles are kept unread in the payload (as its members are) until first
        // needed, and the payloads are alive in the list here anyway, so an unread guild would measure only its small object.
        foreach (var i in Enumerable.Range(0, guilds))
        {
            Assert.Null(cache.Get((ulong)(10_000 + i))!.PendingParts);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perGuild = (after - before) / (double)guilds;
        output.WriteLine($"cache memory per guild (20 channels, 10 roles, 50 members): {perGuild:F0} bytes");
        Assert.Equal(guilds, cache.Count);
        Assert.InRange(perGuild, 1_000, 32_000);
        GC.KeepAlive(cache);
    }

    internal static byte[] Guild(ulong id, ulong owner, int channels, (ulong Id, ulong Permissions)[] roles, (ulong User, ulong[] Roles)[] members, ulong denyEveryoneSendIn = 0)
    {
        var json = new StringBuilder();
        json.Append($$"""{"id":"{{id}}","owner_id":"{{owner}}","roles":[""");
        json.AppendJoin(',', roles.Select(r => $$"""{"id":"{{(r.Id == 1000 ? id : r.Id)}}","permissions":"{{r.Permissions}}"}"""));
        json.Append("""],"channels":[""");
        json.AppendJoin(',', Enumerable.Range(0, channels).Select(c => $$"""{"id":"{{3000 + c}}","type":0,"permission_overwrites":[]}"""));
        if (denyEveryoneSendIn != 0)
        {
            json.Append($$""",{"id":"{{denyEveryoneSendIn}}","type":0,"permission_overwrites":[{"id":"{{id}}","type":0,"allow":"0","deny":"{{SendMessages}}"}]}""");
        }

        json.Append("""],"members":[""");
        json.AppendJoin(',', members.Select(m => $$"""{"user":{"id":"{{m.User}}"},"roles":[{{string.Join(',', m.Roles.Select(r => $"\"{r}\""))}}]}"""));
        json.Append($$"""{{(members.Length > 0 ? "," : "")}}{"user":{"id":"{{owner}}"},"roles":[]}]}""");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
