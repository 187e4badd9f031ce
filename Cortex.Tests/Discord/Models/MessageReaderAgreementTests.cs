using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Cortex.Tests.Discord.Models.MessageReaderAgreement;

namespace Cortex.Tests.Discord.Models;

/// <summary>
/// MessageReader's hand pass and the serializer it falls back to agree on awkward payloads: the same message, or the same error.
/// Where the hand pass should take a payload itself (a chat message in any field order or spacing), the tests check it did.
/// </summary>
public sealed class MessageReaderAgreementTests
{
    private static readonly string[] OtherValues =
    [
        "null", "{}", "[]", """{"a":[1,{"b":null}]}""", """[1,"x"]""", "\"\"", "\"x\"", "\"123\"", "\"-1\"", "0", "-0", "-1", "7",
        "1.5", "1e3", "true", "false", "2147483648", "-2147483649", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "\"18446744073709551616\"", "\"0042\"", "\"2026-01-02T03:04:05Z\"", "\"\\u0031\"",
    ];

    [Fact]
    public void Every_field_order_of_a_chat_message_is_read_by_hand_into_what_the_serializer_gives()
    {
        var random = new Random(19);
        foreach (var (_, message) in Bases)
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.True(AssertAgree(Bytes(Shuffled(message, random))));
            }
        }
    }

    [Fact]
    public void Whitespace_between_every_token_is_read_by_hand_into_what_the_serializer_gives()
    {
        foreach (var (_, message) in Bases)
        {
            var indented = message.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            Assert.True(AssertAgree(Encoding.UTF8.GetBytes(indented)));
            Assert.True(AssertAgree(Encoding.UTF8.GetBytes(" \r\n\t" + indented.Replace("\n", "\r\n\t ", StringComparison.Ordinal) + "\n\t ")));
        }
    }

    [Fact]
    public void Any_field_missing_or_given_another_type_reads_as_the_serializer_reads_it()
    {
        var byHand = 0;
        foreach (var (_, message) in Bases)
        {
            foreach (var (target, index) in ReadObjects(message).Select((o, i) => (o, i)))
            {
                foreach (var name in target.Select(p => p.Key).ToList())
                {
                    byHand += Mutated(message, index, o => o.Remove(name)) ? 1 : 0;
                    foreach (var value in OtherValues)
                    {
                        byHand += Mutated(message, index, o => o[name] = JsonNode.Parse(value)) ? 1 : 0;
                    }
                }
            }
        }

        // Nulls, missing optional fields and numbers of the right type stay on the hand pass: it is what was tested here.
        Assert.True(byHand > 500, $"only {byHand} payloads were read by hand");
    }

    [Theory]
    [InlineData("a\\nb \\\"q\\\" \\\\ \\/ \\b\\f\\r\\t \\u00e9 \\ud83d\\udd25 \\u0000", true)]
    [InlineData("\\ud800", false)]
    [InlineData("\\udc00\\ud800", false)]
    [InlineData("\\x", false)]
    [InlineData("\\u12", false)]
    [InlineData("\\u00zz", false)]
    [InlineData("\\q \\", false)]
    [InlineData("é ✨ 🔥 \u007f", true)]
    public void Escapes_in_every_string_the_hand_pass_reads_read_as_the_serializer_reads_them(string escaped, bool valid)
    {
        foreach (var field in new[] { "\"content\":\"", "\"nick\":\"", "\"username\":\"", "\"global_name\":\"" })
        {
            var json = MessageReaderTests.Hot.Replace(field, field + escaped, StringComparison.Ordinal);
            Assert.Equal(valid, AssertAgree(Encoding.UTF8.GetBytes(json)));
        }
    }

    [Theory]
    [InlineData("\"content\"", "\"co\\u006etent\"")] // an escaped name: the serializer compares it unescaped
    [InlineData("\"content\"", "\"Content\"")]
    [InlineData("\"content\"", "\"c\u00f6ntent\"")]
    [InlineData("\"content\"", "\"content\":\"a\",\"content\"")] // a name twice
    [InlineData("\"id\":\"334385199974967042\"", "\"id\":\"3343851999\\u00374967042\"")] // an escaped id
    [InlineData("\"id\":\"334385199974967042\"", "\"id\":\"1\",\"id\":\"334385199974967042\"")]
    [InlineData("\"timestamp\":\"2026-01-02T03:04:05.678+00:00\"", "\"timestamp\":\"2026-01-02T03:04:05.678\\u002b00:00\"")]
    [InlineData("\"timestamp\":\"2026-01-02T03:04:05.678+00:00\"", "\"timestamp\":\"2026-01-02 03:04:05\"")]
    public void Escaped_names_ids_and_timestamps_and_names_in_another_form_read_as_the_serializer_reads_them(string original, string replacement) =>
        AssertAgree(Encoding.UTF8.GetBytes(MessageReaderTests.Hot.Replace(original, replacement, StringComparison.Ordinal)));

    [Theory]
    [InlineData(new byte[] { 0x01 })] // a control byte, unescaped
    [InlineData(new byte[] { 0x09 })] // a tab, unescaped
    [InlineData(new byte[] { 0xC3, 0x28 })] // not UTF-8
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate's code point
    [InlineData(new byte[] { 0xF0, 0x9F, 0x94 })] // cut short
    [InlineData(new byte[] { 0xF0, 0x9F, 0x94, 0xA5 })] // valid
    public void Raw_bytes_in_strings_and_names_read_as_the_serializer_reads_them(byte[] raw)
    {
        foreach (var at in new[] { "\"content\":\"", "\"nick\":\"", "\"username\":\"", "\"unusual", "\"clan" })
        {
            var hot = Encoding.UTF8.GetBytes(MessageReaderTests.Hot);
            var index = hot.AsSpan().IndexOf(Encoding.UTF8.GetBytes(at)) + Encoding.UTF8.GetByteCount(at);
            AssertAgree([.. hot[..index], .. raw, .. hot[index..]]);
        }
    }

    [Fact]
    public void Every_truncation_and_every_deleted_byte_fails_or_reads_as_the_serializer_does()
    {
        var hot = Encoding.UTF8.GetBytes(MessageReaderTests.Hot);
        for (var length = 0; length < hot.Length; length++)
        {
            AssertAgree(hot[..length]);
            AssertAgree([.. hot[..length], .. hot[(length + 1)..]]);
        }
    }

    [Fact]
    public void Random_structural_bytes_anywhere_fail_or_read_as_the_serializer_does()
    {
        var random = new Random(1919);
        var hot = Encoding.UTF8.GetBytes(MessageReaderTests.Hot);
        var bytes = "{}[]\":,0-1.eE+ntfa\\ \t\n/x"u8.ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var json = (byte[])hot.Clone();
            for (var changes = random.Next(1, 3); changes > 0; changes--)
            {
                json[random.Next(json.Length)] = bytes[random.Next(bytes.Length)];
            }

            AssertAgree(json);
        }
    }

    [Theory]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"}},")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}{}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\",}}")]
    [InlineData("{\"id\":\"1\",,\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}")]
    [InlineData("{,\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}")]
    [InlineData("{\"id\" \"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}")]
    [InlineData("{\"id\":\"1\" \"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"mention_roles\":[\"1\",]}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"mentions\":[,]}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"tts\":tru}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"tts\":truee}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"type\":01}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"type\":-}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"zz\":[1 2]}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"},\"zz\":nul}")]
    [InlineData("{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"} /* c */}")]
    [InlineData("\uFEFF{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}")]
    [InlineData(" {\"id\":1,\"channel_id\":2,\"author\":{\"id\":3,\"username\":\"u\"}} ")]
    [InlineData("[]")]
    [InlineData("\"message\"")]
    [InlineData("")]
    public void Malformed_or_odd_documents_fail_or_read_as_the_serializer_does(string payload) =>
        AssertAgree(Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void A_value_nested_past_the_serializers_depth_fails_where_it_fails()
    {
        foreach (var at in new[] { "\"position\":3", "\"mute\":false", "\"bot\":true", "\"discriminator\":\"0\"" })
        {
            for (var depth = 58; depth <= 66; depth++)
            {
                var nested = new string('[', depth) + new string(']', depth);
                AssertAgree(Encoding.UTF8.GetBytes(MessageReaderTests.Hot.Replace(at, $"{at},\"zz\":{nested}", StringComparison.Ordinal)));
            }
        }

        for (var depth = 58; depth <= 66; depth++)
        {
            // A value kept as it is (the member's collectibles), held to the same depth.
            var nested = new string('[', depth) + new string(']', depth);
            AssertAgree(Encoding.UTF8.GetBytes(MessageReaderTests.Hot.Replace("\"collectibles\":null", $"\"collectibles\":{{\"a\":{nested}}}", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void The_documentations_message_examples_in_any_field_order_read_as_the_serializer_reads_them()
    {
        var random = new Random(7);
        var examples = DocumentationCorpus.Examples.Where(e => e!["model"]!.GetValue<string>() == "Message").Select(e => e!["json"]!.AsObject()).ToList();
        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            AssertAgree(Bytes(example));
            for (var i = 0; i < 20; i++)
            {
                AssertAgree(Bytes(Shuffled(example, random)));
            }
        }
    }

    /// <summary>Applies a change to the read object at <paramref name="index"/> of a copy, and checks both readers agree on it.</summary>
    private static bool Mutated(JsonObject message, int index, Action<JsonObject> change)
    {
        var copy = message.DeepClone().AsObject();
        change(ReadObjects(copy).ElementAt(index));
        return AssertAgree(Bytes(copy));
    }

    /// <summary>A copy with the properties of every object, at every depth, in a random order.</summary>
    private static JsonNode Shuffled(JsonNode node, Random random) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(_ => random.Next()).Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Shuffled(p.Value, random)))),
        JsonArray a => new JsonArray([.. a.Select(e => e is null ? null : Shuffled(e, random))]),
        _ => node.DeepClone(),
    };
}
