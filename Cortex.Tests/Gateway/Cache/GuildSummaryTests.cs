using System.Text;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Events.Contract;
using Cortex.Gateway.Cache;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>
/// The guilds stream's GUILD_CREATE entry is the guild's summary, read in the cache's pass: the guild's own fields as Discord
/// sent them, none of its lists, and it decodes through the event contract like the whole guild did.
/// </summary>
public sealed class GuildSummaryTests
{
    private const string Payload = """
        {"members":[{"roles":["20"],"user":{"id":"5","username":"x"}}],
         "presences":[{"user":{"id":"7"},"activities":[{"id":"abc","name":"not the guild's"}]}],
         "name":"a \"quoted\" guild \u00e9","icon":null,"features":["COMMUNITY"],"large":true,"member_count":3,
         "channels":[{"id":"30","type":0,"name":"general","permission_overwrites":[]}],
         "roles":[{"id":"10","permissions":"3072","name":"@everyone"}],
         "joined_at":"2026-01-02T03:04:05.000000+00:00","preferred_locale":"en-US",
         "owner_id":"7","unavailable":false,"id":"10","verification_level":0}
        """;

    [Fact]
    public void The_summary_keeps_the_guilds_own_fields_and_none_of_its_lists()
    {
        var cache = new GuildCache();
        var summary = cache.ApplyGuildCreate(0, Encoding.UTF8.GetBytes(Payload));

        using var document = JsonDocument.Parse(summary);
        Assert.Equal(["icon", "id", "joined_at", "large", "member_count", "name", "owner_id", "preferred_locale", "unavailable"],
            document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var guild = DiscordEvents.GuildCreate.Decode(summary);
        Assert.Equal((new Snowflake(10), "a \"quoted\" guild é", new Snowflake(7), 3, true), (guild.Id, guild.Name, guild.OwnerId, guild.MemberCount, guild.Large));
        Assert.Equal((false, "en-US", 2026), (guild.Unavailable, guild.PreferredLocale, guild.JoinedAt!.Value.Year));
        Assert.Null(guild.Members);
        Assert.Empty(guild.Roles);
        Assert.Equal([20UL], cache.MembersOf(10)![5]); // kept in the same pass, read at their first use
    }

    [Fact]
    public void An_unavailable_guilds_summary_says_so_and_nothing_is_cached()
    {
        var cache = new GuildCache();
        var summary = cache.ApplyGuildCreate(0, """{"id":"11","unavailable":true}"""u8.ToArray());

        Assert.Equal("""{"id":"11","unavailable":true}""", Encoding.UTF8.GetString(summary));
        Assert.Null(cache.Get(11));
    }

    [Theory]
    [MemberData(nameof(GuildCreateReaderTests.Shapes), MemberType = typeof(GuildCreateReaderTests))]
    public void The_walk_summarises_what_the_validating_reader_summarises(string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload.Replace("\"name\":\"guild\"", "\"name\":\"g\\u00fcild \\\"x\\\"\"", StringComparison.Ordinal));
        var walked = new GuildSummary();
        var validated = new GuildSummary();
        GuildCreateReader.Walk(0, data, walked);
        GuildCreateReader.ReadValidated(0, data, validated);

        Assert.Equal(Encoding.UTF8.GetString(validated.ToJson(data)), Encoding.UTF8.GetString(walked.ToJson(data)));
        Assert.NotNull(DiscordEvents.GuildCreate.Decode(walked.ToJson(data)).Name);
    }
}
