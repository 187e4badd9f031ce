using System.Text;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Gateway;
using Cortex.Events.Contract;

namespace Cortex.Tests.Discord.Models;

/// <summary>MESSAGE_CREATE's hand reader gives exactly what the source-generated serializer gives, and hands it every other shape.</summary>
public sealed class MessageReaderTests
{
    // A chat message with every field the hand pass reads, including a mention with its member, cosmetics as objects and
    // nulls, an unknown field at each level, a nonce, escapes inside strings, and the null "referenced_message" Discord
    // sends on every plain message.
    internal const string Hot = """
        {"type":19,"tts":false,"timestamp":"2026-01-02T03:04:05.678+00:00","referenced_message":null,"pinned":false,"nonce":"1234567890",
         "mentions":[{"username":"bob","public_flags":64,"member":{"roles":[],"nick":"b"},"id":"81384788765712384","global_name":"Bob","discriminator":"0","avatar":null,"avatar_decoration_data":{"asset":"a_1","sku_id":"2"},"clan":null}],
         "mention_roles":["41771983423143936","7"],"mention_everyone":true,"webhook_id":null,"application_id":"5",
         "member":{"roles":["41771983423143936"],"premium_since":null,"pending":false,"nick":"n\u00e9","mute":false,"joined_at":"2015-04-26T06:26:56.936000+00:00","flags":0,"deaf":true,"communication_disabled_until":null,"banner":null,"avatar":null,"collectibles":null,"unusual":[1,{"a":2}]},
         "id":"334385199974967042","flags":4096,"embeds":[],"edited_timestamp":"2026-01-02T03:05:00+00:00",
         "content":"Supa \"Hot\" \ud83d\udd25","components":[],"channel_type":0,"channel_id":"290926798999357250",
         "author":{"username":"Mason","public_flags":131141,"id":"53908099506183680","global_name":"Mason","discriminator":"0","bot":true,"avatar_decoration_data":null,"accent_color":null,"collectibles":{"nameplate":{"sku_id":"1"}},"primary_guild":null},
         "attachments":[],"guild_id":"290926798626357250","position":3}
        """;

    // Every field the hand pass reads set to a non-default value, so a field whose wire name it misses is seen.
    internal const string FullUser = """
        {"id":"53908099506183680","username":"u","discriminator":"0001","global_name":"G","avatar":"a","bot":true,"system":false,
         "mfa_enabled":true,"banner":"b","accent_color":5,"locale":"en-US","verified":true,"email":"e@example.com","flags":64,
         "premium_type":2,"public_flags":128,"avatar_decoration_data":{"asset":"x"},"collectibles":{"n":1},"primary_guild":{"tag":"T"}}
        """;

    internal const string FullMember = """
        {"user":USER,"nick":"n","avatar":"a","banner":"b","roles":["3"],"joined_at":"2015-04-26T06:26:56.936000+00:00",
         "premium_since":"2016-01-01T00:00:00+00:00","communication_disabled_until":"2030-01-01T00:00:00+00:00","permissions":"8",
         "deaf":true,"mute":true,"flags":2,"pending":true,"is_pending":false,"avatar_decoration_data":{"asset":"y"},"collectibles":{"c":2}}
        """;

    internal const string Full = """
        {"id":"1","channel_id":"2","guild_id":"3","author":USER,"member":MEMBER,"content":"c","timestamp":"2026-01-02T03:04:05+00:00",
         "edited_timestamp":"2026-01-02T03:05:00+00:00","tts":true,"mention_everyone":true,"mentions":[USER],"mention_roles":["4"],
         "attachments":[],"embeds":[],"components":[],"nonce":42,"pinned":true,"webhook_id":"5","type":19,"application_id":"6",
         "flags":4096,"position":7}
        """;

    public static TheoryData<string> NotHot => new()
    {
        Hot.Replace("\"attachments\":[]", "\"attachments\":[{\"id\":\"1\",\"filename\":\"a.png\",\"size\":1,\"url\":\"u\",\"proxy_url\":\"p\"}]", StringComparison.Ordinal),
        Hot.Replace("\"embeds\":[]", "\"embeds\":[{\"title\":\"t\"}]", StringComparison.Ordinal),
        Hot.Replace("\"position\":3", "\"message_reference\":{\"message_id\":\"9\"}", StringComparison.Ordinal),
        Hot.Replace("\"referenced_message\":null", "\"referenced_message\":{\"id\":\"9\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"content\":\"r\"}", StringComparison.Ordinal),
        Hot.Replace("\"content\":", "\"Content\":", StringComparison.Ordinal),
        Hot.Replace("\"pinned\":", "\"pi\\u006ened\":", StringComparison.Ordinal),
        Hot.Replace("\"position\":3", "\"position\":\"3\"", StringComparison.Ordinal),
        Hot.Replace("\"nonce\":\"1234567890\"", "\"nonce\":null", StringComparison.Ordinal),
        Hot.Replace("\"position\":3", "\"mention_channels\":[{\"id\":\"1\",\"guild_id\":\"2\",\"type\":0,\"name\":\"c\"}]", StringComparison.Ordinal),
    };

    [Fact]
    public void A_chat_message_is_read_by_hand_into_what_the_serializer_gives()
    {
        var json = Encoding.UTF8.GetBytes(Hot);
        Assert.True(MessageReader.TryReadHot(json, out var message));
        Assert.Equal(Serialized(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message)), Serialized(message));
        Assert.Equal(["41771983423143936", "7"], message.MentionRoles.Select(r => r.ToString()));
        Assert.Equal("né", message.Member!.Nick);
        Assert.Equal("Supa \"Hot\" 🔥", message.Content);
    }

    [Fact]
    public void A_message_with_every_field_of_message_author_mention_and_member_set_is_read_by_hand_as_the_serializer_reads_it()
    {
        var json = Encoding.UTF8.GetBytes(Full.Replace("MEMBER", FullMember, StringComparison.Ordinal).Replace("USER", FullUser, StringComparison.Ordinal));
        Assert.True(MessageReader.TryReadHot(json, out var message));
        Assert.Equal(Serialized(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message)), Serialized(message));
        Assert.True(message.Member!.User!.MfaEnabled);
        Assert.Equal(42, message.Nonce!.Value.GetInt32());
    }

    [Fact]
    public void Every_message_of_the_firehose_mix_takes_the_hand_path_with_the_serializers_result()
    {
        var messages = RecordedEventMix.All.Where(e => e.EventName == "MESSAGE_CREATE").Select(e => e.Data).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, json =>
        {
            Assert.True(MessageReader.TryReadHot(json, out var message));
            Assert.Equal(Serialized(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message)), Serialized(message));
        });
    }

    [Theory]
    [MemberData(nameof(NotHot))]
    public void Any_other_shape_is_left_to_the_serializer_and_read_as_it_reads_it(string payload)
    {
        var json = Encoding.UTF8.GetBytes(payload);
        Assert.False(MessageReader.TryReadHot(json, out _));
        Assert.Equal(Serialized(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message)), Serialized(DiscordEvents.MessageCreate.Decode(json)));
    }

    [Theory]
    [InlineData("""{"id":"1","channel_id":"2"}""")]
    [InlineData("""{"id":"1","channel_id":"2","author":{"id":"3","username":"u"},"tts":null}""")]
    [InlineData("""{"id":"1","channel_id":"2","author":{"id":"3","username":"u"}} x""")]
    [InlineData("""{"id":"1","channel_id":"2","author":{"id":"3","username":"u"}""")]
    [InlineData("null")]
    public void A_payload_that_is_not_a_message_fails_as_the_serializer_fails(string payload)
    {
        var json = Encoding.UTF8.GetBytes(payload);
        Assert.False(MessageReader.TryReadHot(json, out _));
        Assert.ThrowsAny<JsonException>(() => DiscordEvents.MessageCreate.Decode(json));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(30)]
    public void Role_and_mention_lists_of_any_length_keep_every_id_in_order(int count)
    {
        // Around the count the reader gathers on the stack before it continues in a list.
        var ids = Enumerable.Range(1, count).Select(i => (ulong)i * 1_000_003).ToList();
        var quoted = string.Join(',', ids.Select(id => $"\"{id}\""));
        var users = string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","username":"u{{id}}"}"""));
        var json = Encoding.UTF8.GetBytes(Hot
            .Replace("\"mention_roles\":[\"41771983423143936\",\"7\"]", $"\"mention_roles\":[{quoted}]", StringComparison.Ordinal)
            .Replace("\"member\":{\"roles\":[\"41771983423143936\"]", $"\"member\":{{\"roles\":[{quoted}]", StringComparison.Ordinal)
            .Replace("\"mentions\":[{\"username\":\"bob\"", $"\"mentions\":[{users}{(count > 0 ? "," : "")}{{\"username\":\"bob\"", StringComparison.Ordinal));
        Assert.True(MessageReader.TryReadHot(json, out var message));
        Assert.Equal(ids, message.MentionRoles.Select(r => r.Value));
        Assert.Equal(ids, message.Member!.Roles.Select(r => r.Value));
        Assert.Equal(ids.Append(81384788765712384UL), message.Mentions.Select(u => u.Id.Value));
        Assert.Equal(Serialized(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message)), Serialized(message));
    }

    [Fact]
    public void The_documentations_message_examples_decode_as_the_serializer_decodes_them()
    {
        var examples = DocumentationCorpus.Examples.Where(e => e!["model"]!.GetValue<string>() == "Message").Select(e => Encoding.UTF8.GetBytes(e!["json"]!.ToJsonString())).ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, json => Assert.Equal(Serialized(JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message)), Serialized(DiscordEvents.MessageCreate.Decode(json))));
    }

    private static string Serialized(Message? message) => JsonSerializer.Serialize(message, DiscordJsonContext.Default.Message);
}
