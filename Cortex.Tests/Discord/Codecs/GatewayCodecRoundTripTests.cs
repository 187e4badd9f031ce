using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Codecs;
using Cortex.Discord.Codecs.Etf;
using Cortex.Emulator.Gateway;

namespace Cortex.Tests.Discord.Codecs;

/// <summary>What the server encodes, the client decodes to the same JSON: both encodings, every recorded event.</summary>
public sealed class GatewayCodecRoundTripTests
{
    public static TheoryData<GatewayEncoding> Encodings() => [GatewayEncoding.Json, GatewayEncoding.Etf];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_recorded_event_survives_server_encode_and_client_decode(GatewayEncoding encoding)
    {
        var server = GatewayCodecs.ForServer(encoding);
        var client = GatewayCodecs.ForClient(encoding);
        using var buffer = new PooledBufferWriter();
        var sequence = 0;
        foreach (var (eventName, data) in RecordedEventMix.All)
        {
            buffer.Clear();
            server.Encode(buffer, 0, data, ++sequence, eventName);
            var frame = client.Decode(buffer.WrittenSpan);
            Assert.Equal(0, frame.Opcode);
            Assert.Equal(sequence, frame.Sequence);
            Assert.Equal(eventName, frame.EventName);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(data), JsonNode.Parse(frame.Data.Span)), $"{eventName} #{sequence} changed in {encoding}");
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Client_payloads_survive_client_encode_and_server_decode(GatewayEncoding encoding)
    {
        var identify = """{"token":"t","properties":{"os":"linux","browser":"cortex","device":"cortex"},"intents":33281,"shard":[3,8],"large_threshold":250,"presence":{"since":null,"activities":[{"name":"x","type":0}],"status":"online","afk":false}}"""u8.ToArray();
        using var buffer = new PooledBufferWriter();
        GatewayCodecs.ForClient(encoding).Encode(buffer, 2, identify);
        var frame = GatewayCodecs.ForServer(encoding).Decode(buffer.WrittenSpan);
        Assert.Equal(2, frame.Opcode);
        Assert.Null(frame.Sequence);
        Assert.Null(frame.EventName);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(identify), JsonNode.Parse(frame.Data.Span)));
    }

    [Fact]
    public void Server_etf_sends_snowflakes_as_64_bit_integers_and_keys_as_atoms()
    {
        using var etf = new PooledBufferWriter();
        new JsonToEtf(AtomKeys: true, SnowflakesAsIntegers: true).TranscodeDocument("""{"id":"175928847299117063","name":"7","guild_id":"1","role_ids":["2"]}"""u8, etf);
        byte[] expected =
        [
            131, 116, 0, 0, 0, 4,
            115, 2, (byte)'i', (byte)'d', 110, 8, 0, 0x07, 0x00, 0x02, 0xc1, 0x5a, 0x06, 0x71, 0x02,
            115, 4, (byte)'n', (byte)'a', (byte)'m', (byte)'e', 109, 0, 0, 0, 1, (byte)'7',
            115, 8, .. "guild_id"u8, 110, 1, 0, 1,
            115, 8, .. "role_ids"u8, 108, 0, 0, 0, 1, 110, 1, 0, 2, 106,
        ];
        Assert.Equal(expected, etf.ToArray());
    }

    [Fact]
    public void Server_etf_keeps_digit_strings_that_are_not_snowflakes_as_binaries()
    {
        using var etf = new PooledBufferWriter();
        new JsonToEtf(AtomKeys: true, SnowflakesAsIntegers: true).TranscodeDocument("""{"custom_id":"42","nonce":"7","values":["9"],"session_id":"5","channel_id":"3"}"""u8, etf);
        byte[] expected =
        [
            131, 116, 0, 0, 0, 5,
            115, 9, .. "custom_id"u8, 109, 0, 0, 0, 2, .. "42"u8,
            115, 5, .. "nonce"u8, 109, 0, 0, 0, 1, (byte)'7',
            115, 6, .. "values"u8, 108, 0, 0, 0, 1, 109, 0, 0, 0, 1, (byte)'9', 106,
            115, 10, .. "session_id"u8, 109, 0, 0, 0, 1, (byte)'5',
            115, 10, .. "channel_id"u8, 110, 1, 0, 3,
        ];
        Assert.Equal(expected, etf.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 115, 3, (byte)'n', (byte)'i', (byte)'l' })]
    [InlineData(new byte[] { 119, 3, (byte)'n', (byte)'i', (byte)'l' })]
    [InlineData(new byte[] { 100, 0, 3, (byte)'n', (byte)'i', (byte)'l' })]
    [InlineData(new byte[] { 118, 0, 3, (byte)'n', (byte)'i', (byte)'l' })]
    public void A_nil_sequence_and_event_name_decode_in_every_atom_encoding(byte[] nil)
    {
        byte[] frame = [131, 116, 0, 0, 0, 4, 115, 2, (byte)'o', (byte)'p', 97, 11, 115, 1, (byte)'s', .. nil, 115, 1, (byte)'t', .. nil, 115, 1, (byte)'d', .. nil];
        var decoded = GatewayCodecs.ForClient(GatewayEncoding.Etf).Decode(frame);
        Assert.Equal(11, decoded.Opcode);
        Assert.Null(decoded.Sequence);
        Assert.Null(decoded.EventName);
    }

    [Fact]
    public void Client_etf_sends_string_keys_and_keeps_snowflake_strings()
    {
        using var etf = new PooledBufferWriter();
        new JsonToEtf(AtomKeys: false, SnowflakesAsIntegers: false).TranscodeDocument("""{"guild_id":"81384788765712384","n":-70000,"f":0.25,"e":[],"ok":true}"""u8, etf);
        byte[] expected =
        [
            131, 116, 0, 0, 0, 5,
            109, 0, 0, 0, 8, .. "guild_id"u8, 109, 0, 0, 0, 17, .. "81384788765712384"u8,
            109, 0, 0, 0, 1, (byte)'n', 98, 0xff, 0xfe, 0xee, 0x90,
            109, 0, 0, 0, 1, (byte)'f', 70, 0x3f, 0xd0, 0, 0, 0, 0, 0, 0,
            109, 0, 0, 0, 1, (byte)'e', 106,
            109, 0, 0, 0, 2, (byte)'o', (byte)'k', 115, 4, .. "true"u8,
        ];
        Assert.Equal(expected, etf.ToArray());
    }

    [Fact]
    public void Json_envelope_keeps_d_byte_for_byte_and_interns_event_names()
    {
        var codec = GatewayCodecs.ForClient(GatewayEncoding.Json);
        var first = codec.Decode("""{"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"content":"a \"quoted\" \u00e9"}}"""u8);
        var second = codec.Decode("""{"op":0,"d":{},"s":43,"t":"MESSAGE_CREATE"}"""u8);
        Assert.Equal("""{"content":"a \"quoted\" \u00e9"}""", Encoding.UTF8.GetString(first.Data.Span));
        Assert.Same(first.EventName, second.EventName);
        Assert.Equal(43, second.Sequence);
    }

    [Theory]
    [InlineData("""{"t":"X","s":1,"op":0,"d":{"a":"}{][\"\\","b":[{"c":"\\"},[]],"e":"\u007d"}}""", """{"a":"}{][\"\\","b":[{"c":"\\"},[]],"e":"\u007d"}""")]
    [InlineData("""{"t":"X","s":1,"op":0,"d":[1,{"x":"]"}]  }""", """[1,{"x":"]"}]""")]
    [InlineData("""{"op":0,"d":{"k":"v"},"s":2,"t":"X"}""", """{"k":"v"}""")]
    [InlineData("""{"op":11,"d":null}""", "null")]
    public void The_d_value_is_cut_exactly_whatever_its_strings_hold_and_wherever_it_stands(string payload, string d) =>
        Assert.Equal(d, Encoding.UTF8.GetString(GatewayCodecs.ForClient(GatewayEncoding.Json).Decode(Encoding.UTF8.GetBytes(payload)).Data.Span));

    [Fact]
    public void A_long_d_is_cut_exactly_wherever_escapes_quotes_and_brackets_in_strings_fall()
    {
        // The bounds are found 64 bytes at a time: random values put escaped quotes, backslash runs and brackets inside
        // strings at every offset of a block, and values end at every offset too.
        var random = new Random(19);
        var codec = GatewayCodecs.ForClient(GatewayEncoding.Json);
        var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        for (var i = 0; i < 400; i++)
        {
            var d = RandomValue(random, depth: 0).ToJsonString(options);
            var payload = Encoding.UTF8.GetBytes($$"""{"t":"X","s":{{i}},"op":0,"d":{{d}}}""");
            Assert.Equal(d, Encoding.UTF8.GetString(codec.Decode(payload).Data.Span));
        }
    }

    [Fact]
    public void A_long_d_without_escapes_is_cut_exactly_wherever_its_strings_and_brackets_fall()
    {
        // No backslash anywhere, so every whole block is classified at once (32 or 16 bytes per compare): strings full of
        // brackets start and end, and values end, at every offset of a block and across its halves.
        var random = new Random(1919);
        var codec = GatewayCodecs.ForClient(GatewayEncoding.Json);
        for (var i = 0; i < 400; i++)
        {
            var d = RandomValue(random, depth: 0, alphabet: "ab{}[]:,é ").ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            Assert.DoesNotContain('\\', d);
            var payload = Encoding.UTF8.GetBytes($$"""{"t":"X","s":{{i}},"op":0,"d":{{d}}}""");
            Assert.Equal(d, Encoding.UTF8.GetString(codec.Decode(payload).Data.Span));
        }
    }

    internal static JsonNode RandomValue(Random random, int depth, string alphabet = "ab{}[]\"\\:,é ")
    {
        string Text() => string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]));
        var count = depth > 4 ? 0 : random.Next(0, 6);
        if (random.Next(2) == 0)
        {
            var array = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                array.Add(random.Next(3) == 0 ? JsonValue.Create(Text()) : RandomValue(random, depth + 1, alphabet));
            }

            return array;
        }

        var obj = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            obj[Text() + i] = random.Next(3) == 0 ? JsonValue.Create(Text()) : RandomValue(random, depth + 1, alphabet);
        }

        return obj;
    }

    [Theory]
    [InlineData("""[1,2]""")]
    [InlineData("""{"d":{}}""")]
    [InlineData("""{"op":"x"}""")]
    [InlineData("""{"op":1""")]
    [InlineData("""{"op":0,"d":{"a":"unterminated}""")]
    public void Bad_json_envelopes_are_decode_errors(string payload) =>
        Assert.Throws<GatewayDecodeException>(() => GatewayCodecs.ForClient(GatewayEncoding.Json).Decode(Encoding.UTF8.GetBytes(payload)));
}
