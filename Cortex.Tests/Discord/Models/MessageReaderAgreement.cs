using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Models;

namespace Cortex.Tests.Discord.Models;

/// <summary>What reading a payload gives: the message as the serializer writes it back, or the error's type.</summary>
internal static class MessageReaderAgreement
{
    /// <summary>The chat messages the hand pass must take itself, parsed: the test class's hot and full shapes.</summary>
    public static IEnumerable<(string Name, JsonObject Message)> Bases =>
    [
        ("hot", Parse(MessageReaderTests.Hot)),
        ("full", Parse(MessageReaderTests.Full.Replace("MEMBER", MessageReaderTests.FullMember, StringComparison.Ordinal).Replace("USER", MessageReaderTests.FullUser, StringComparison.Ordinal))),
    ];

    /// <summary>MessageReader.Read's outcome and the serializer's, on the same bytes.</summary>
    public static (string Reader, string Serializer) Outcomes(byte[] json) =>
        (Outcome(() => MessageReader.Read(json)), Outcome(() => JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message)));

    /// <summary>Both outcomes agree; returns whether the hand pass took the payload itself.</summary>
    public static bool AssertAgree(byte[] json)
    {
        var (reader, serializer) = Outcomes(json);
        if (reader != serializer)
        {
            Assert.Fail($"reader: {reader}\nserializer: {serializer}\npayload: {Encoding.UTF8.GetString(json)}");
        }

        return MessageReader.TryReadHot(json, out _);
    }

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Every object of the message the hand pass reads fields of: the message, its author, member, the member's user, each mention.</summary>
    public static IEnumerable<JsonObject> ReadObjects(JsonObject message)
    {
        yield return message;
        foreach (var name in new[] { "author", "member" })
        {
            if (message[name] is JsonObject inner)
            {
                yield return inner;
                if (inner["user"] is JsonObject user)
                {
                    yield return user;
                }
            }
        }

        foreach (var mention in message["mentions"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            yield return mention;
        }
    }

    private static string Outcome(Func<Message?> read)
    {
        try
        {
            return "read: " + JsonSerializer.Serialize(read(), DiscordJsonContext.Default.Message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            return "error: " + ex.GetType().Name;
        }
    }
}
