using System.Text;
using System.Text.Json;
using Cortex.Gateway.Routing;

namespace Cortex.Tests.Gateway.Routing;

/// <summary>
/// The routing fields read by the cursor's walk are what the validating reader reads, whatever comes before them; and each
/// id's digits are passed on only when they are exactly the number's decimal form.
/// </summary>
public sealed class DispatchFieldsTests
{
    // Nested "id"s and "guild_id"s (author, member, referenced message) before the top-level ones, strings full of brackets,
    // quotes and escapes, whitespace, numbers and nulls where a snowflake would be, repeated names, escaped names (the walk
    // hands those to the reader), leading zeros, d that is not an object, and ends that look like a last guild_id or are one.
    public static TheoryData<string> Payloads =>
    [
        """{"id":"1234567890123456789","channel_id":"5","guild_id":"987654321098765432","author":{"id":"7"}}""",
        """{"author":{"id":"7","guild_id":"8"},"member":{"roles":["1","2"]},"guild_id":"30","content":"{[\"id\":\"9\"]}","id":"40"}""",
        """{"referenced_message":{"id":"1","guild_id":"2","embeds":[{"fields":[]}]},"tts":false,"flags":0,"id":"3"}""",
        """ { "id" : "11" , "nonce" : null , "guild_id" : "12" } """,
        """{"content":"a \\\" quote and a } brace \\\\","id":"21","edited_timestamp":null,"pinned":true,"type":19}""",
        """{"id":5,"guild_id":null}""",
        """{"id":"abc","guild_id":"-3"}""",
        """{"id":"0123","guild_id":"+44"}""",
        """{"id":"","guild_id":"0"}""",
        """{"id":"18446744073709551615","guild_id":"18446744073709551616"}""",
        """{"id":"1","id":"2","guild_id":"3","id":"4"}""",
        """{"guild_id":"3","guild_id":"6","channel_id":"1"}""",
        """{"\u0069d":"50","guild_id":"51"}""",
        """{"id":"\u0035\u0032","guild_id":"53"}""",
        """{"id":{"id":"1"},"guild_id":["2"]}""",
        """{}""",
        """{"mentions":[],"member":{},"embeds":[ ],"roles":{ },"id":"7","attachments":[],"guild_id":"8"}""",
        """{"mentions":[{"id":"1"}],"x":[[],{}],"y":{"guild_id":"2","z":[]},"id":"3","guild_id":"4"}""",
        """{"content":"ends in a backslash \\","id":"61","content2":"\"id\":\"9\"","guild_id":"62"}""",
        """{"id":"00","guild_id":"0000000000000000000001"}""",
        """{"id":"1234567890123456789","guild_id":"12345678901234567890"}""",
        """{"id":"12a","guild_id":"1 "}""",
        """{"id":"1","guild_id":"2","guild_id":"3"}""",
        """{"guild_id":"9","id":"4","guild_id":"3"}""",
        """{"id":"1","a":"\\","guild_id":"7"}""",
        """{"content":"x,\"guild_id\":\"7\"}","id":"8"}""",
        """{"a":{"guild_id":"7"}}""",
        """{"b":{"id":"1"},"guild_id":"7"}""",
        """{"id":"5","guild_id":"07"}""",
        """{"id":"5","guild_id":"123"} """,
        """[{"id":"1"}]""",
        "\"not an object\"",

        // Ending with the guild_id, as Discord's messages do, so the id is searched for (TrySeek): nested ids before the
        // top-level one, the name "id" as a value, brackets in strings, spaces, escapes, duplicates and values the walk reads.
        """{"mentions":[{"id":"1","member":{"id":"2"}}],"referenced_message":{"id":"3","author":{"id":"4"},"guild_id":"5"},"id":"6","guild_id":"7"}""",
        """{"type":"id","kind":["id",{"id":"1"}],"x":{"y":"id"},"id":"12","guild_id":"13"}""",
        """{"content":"}}]] {{[[ ]","member":{"nick":"}]"},"id":"30","guild_id":"31"}""",
        """{"content":"x \"id\":\"9\" y","id":"10","guild_id":"11"}""",
        """{"content":"\\","id":"10","guild_id":"11"}""",
        """{"x":1,"id" :"14","guild_id":"15"}""",
        """{"x":1,"id": "16","guild_id":"17"}""",
        """{"\u0069d":"18","id":"19","guild_id":"20"}""",
        """{"i\u0064":"18","author":{"id":"1"},"id":"19","guild_id":"20"}""",
        """{"id":"0","id":"21","guild_id":"22"}""",
        """{"id":null,"author":{"id":"1"},"id":"23","guild_id":"24"}""",
        """{"id":"25","id":"26","guild_id":"27"}""",
        """{"a":[["id"],{"id":"1"}],"id":"28","guild_id":"29"}""",
        """{"author":{"id":"1"},"guild_id":"2"}""",
        """{"x":"id","guild_id":"5"}""",
        """{"id":"007","guild_id":"8"}""",
        """{"id":"12345678901234567890","guild_id":"1"}""",
        """{"referenced_message":{"member":{"roles":[]},"id":"1","content":"{\"id\":\"2\"}","author":{"id":"3"},"guild_id":"4"},"id":"5","guild_id":"6"}""",
        """{"pad":"......................................................................................","a":{"id":"1"},"b":"[","id":"7","guild_id":"8"}""",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_walk_reads_what_the_validating_reader_reads(string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);

        var walked = DispatchFields.Read(data);
        var guild = DispatchFields.ReadGuild(data);

        var validated = DispatchFields.ReadValidating(data);
        var validatedGuild = DispatchFields.ReadGuildValidating(data);
        Assert.Equal((validated.Id, validated.GuildId), (walked.Id, walked.GuildId));
        Assert.Equal((validatedGuild.Id, validatedGuild.GuildId), (guild.Id, guild.GuildId));
        AssertDigits(walked.Id, walked.IdDigits);
        AssertDigits(walked.GuildId, walked.GuildDigits);
        AssertDigits(guild.Id, guild.IdDigits);
    }

    [Fact]
    public void A_guild_id_written_last_is_read_from_the_end_and_the_walk_stops_at_the_id()
    {
        // An escaped name after the id would hand the payload to the validating reader; the walk never reaches it now.
        var data = Encoding.UTF8.GetBytes("""{"id":"5","\u0061":1,"guild_id":"1234567890123456789"}""");

        var walked = DispatchFields.Walk(data, guildOnly: false);

        Assert.Equal((5UL, 1234567890123456789UL), (walked.Id, walked.GuildId));
        Assert.Equal("1234567890123456789", Encoding.UTF8.GetString(walked.GuildDigits.Span));
        Assert.Equal(walked.GuildId, DispatchFields.ReadValidating(data).GuildId);
    }

    // Discord's order: id after the member, guild_id last, five empty arrays on the way (the emulator's firehose writes it so).
    // The walk itself reads every one (it throws where it would hand a payload to the validating reader).
    [Fact]
    public void Every_message_of_the_firehose_mix_is_read_by_the_walk_as_the_validating_reader_reads_it()
    {
        var messages = Cortex.Emulator.Gateway.RecordedEventMix.All.Where(e => e.EventName == "MESSAGE_CREATE").ToList();

        Assert.NotEmpty(messages);
        foreach (var (_, data) in messages)
        {
            var walked = DispatchFields.Walk(data, guildOnly: false);
            var validated = DispatchFields.ReadValidating(data);
            Assert.NotEqual(0UL, walked.Id);
            Assert.Equal((validated.Id, validated.GuildId), (walked.Id, walked.GuildId));
            AssertDigits(walked.Id, walked.IdDigits);
            AssertDigits(walked.GuildId, walked.GuildDigits);
        }
    }

    // The same messages are found by the search for the id (the walk above is what it falls back to).
    [Fact]
    public void Every_message_of_the_firehose_mix_is_read_by_the_search_for_its_id()
    {
        var messages = Cortex.Emulator.Gateway.RecordedEventMix.All.Where(e => e.EventName == "MESSAGE_CREATE").ToList();

        Assert.NotEmpty(messages);
        foreach (var (_, data) in messages)
        {
            Assert.True(DispatchFields.TrySeek(data, out var sought));
            var validated = DispatchFields.ReadValidating(data);
            Assert.Equal((validated.Id, validated.GuildId), (sought.Id, sought.GuildId));
            Assert.Equal(validated.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(sought.IdDigits.Span));
        }
    }

    // Random message-like payloads: nested objects and arrays holding "id"s, strings of brackets, escaped quotes and "id" text,
    // top-level ids in odd spellings, duplicated or with values that read as 0, a guild_id mostly last.
    [Fact]
    public void Random_payloads_are_read_as_the_validating_reader_reads_them()
    {
        var random = new Random(19);
        var sought = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var payload = RandomPayload.Object(random);
            var data = Encoding.UTF8.GetBytes(payload);

            var read = DispatchFields.Read(data);

            var validated = DispatchFields.ReadValidating(data);
            Assert.True((validated.Id, validated.GuildId) == (read.Id, read.GuildId), $"{payload}: read {read.Id}/{read.GuildId}, validated {validated.Id}/{validated.GuildId}");
            AssertDigits(read.Id, read.IdDigits);
            AssertDigits(read.GuildId, read.GuildDigits);
            sought += DispatchFields.TrySeek(data, out _) ? 1 : 0;
        }

        // Enough of them take the search, not the walk, for the comparison to test it.
        Assert.InRange(sought, 2_000, 18_000);
    }

    [Fact]
    public void The_digits_are_the_ids_own_bytes_in_d()
    {
        var data = Encoding.UTF8.GetBytes("""{"id":"1234567890123456789","channel_id":"5","guild_id":"987654321098765432"}""");

        var fields = DispatchFields.Read(data);

        Assert.Equal("1234567890123456789", Encoding.UTF8.GetString(fields.IdDigits.Span));
        Assert.Equal("987654321098765432", Encoding.UTF8.GetString(fields.GuildDigits.Span));
        Assert.True(fields.IdDigits.Span.Overlaps(data), "the digits are a slice of d, not a copy");
    }

    [Fact]
    public void Digits_that_are_not_the_numbers_decimal_form_are_not_passed_on()
    {
        var fields = DispatchFields.Read(Encoding.UTF8.GetBytes("""{"id":"0123","guild_id":"0"}"""));

        Assert.Equal((123UL, 0UL), (fields.Id, fields.GuildId));
        Assert.True(fields.IdDigits.IsEmpty);
        Assert.True(fields.GuildDigits.IsEmpty);
    }

    // Like the envelope, which finds d's end by its brackets, the walk skips what precedes the fields without validating it:
    // a malformed value there no longer throws out of the shard's loop (the validating reader did).
    [Fact]
    public void A_malformed_value_before_the_fields_is_skipped_not_validated()
    {
        var data = Encoding.UTF8.GetBytes("""{"mentions":[],"member":{},"flags":tru,"embeds":[1,,2],"id":"5","guild_id":"6"}""");

        var fields = DispatchFields.Read(data);

        Assert.Equal((5UL, 6UL), (fields.Id, fields.GuildId));
        Assert.ThrowsAny<JsonException>(() => DispatchFields.ReadValidating(data));
    }

    private static void AssertDigits(ulong value, ReadOnlyMemory<byte> digits)
    {
        if (!digits.IsEmpty)
        {
            Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(digits.Span));
        }
    }
}
