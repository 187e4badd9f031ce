using System.Text;

namespace Cortex.Tests.Gateway.Routing;

/// <summary>Random valid JSON shaped like a dispatch's <c>d</c>, written to trip a reader that looks for <c>id</c> by its bytes.</summary>
internal static class RandomPayload
{
    private static readonly string[] Names = ["content", "author", "member", "mentions", "referenced_message", "x", "id", "guild_id", "i\\u0064"];

    // Raw JSON string content: the name's text, escaped quotes around it, brackets, separators, escapes, a backslash before a quote.
    private static readonly string[] Pieces = ["id", "\\\"id\\\":\\\"9\\\"", "\\\"id\\\"", "{", "}", "[", "]", ":", ",", " ", "a", "\\\\", "\\n", "\\u0069", "\\\\\\\"", "guild_id"];

    private static readonly string[] IdNames = ["\"id\"", "\"id\"", "\"id\"", "\"id\"", "\"id\" ", "\"\\u0069d\""];

    private static readonly string[] IdValues = ["\"0\"", "null", "5", "\"007\"", "\"12345678901234567890\"", " \"42\"", "\"\"", "{\"id\":\"3\"}"];

    /// <summary>An object of up to 8 members and 0–2 top-level ids, mostly ending with a plain <c>guild_id</c>.</summary>
    public static string Object(Random random)
    {
        var members = new List<string>();
        for (var i = random.Next(8); i > 0; i--)
        {
            members.Add($"\"{Names[random.Next(Names.Length)]}\":{Value(random, 0)}");
        }

        for (var i = random.Next(3); i > 0; i--)
        {
            var value = random.Next(3) > 0 ? $"\"{Snowflake(random)}\"" : IdValues[random.Next(IdValues.Length)];
            members.Insert(random.Next(members.Count + 1), $"{IdNames[random.Next(IdNames.Length)]}:{value}");
        }

        if (random.Next(5) > 0)
        {
            members.Add($"\"guild_id\":\"{Snowflake(random)}\"");
        }

        return "{" + string.Join(random.Next(10) > 0 ? "," : " , ", members) + "}";
    }

    private static string Value(Random random, int depth) => random.Next(depth < 3 ? 6 : 3) switch
    {
        0 => Text(random),
        1 => random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => random.Next(2) == 0 ? "null" : "true",
        3 or 4 => Nested(random, depth + 1),
        _ => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + "]",
    };

    private static string Nested(Random random, int depth) =>
        "{" + string.Join(",", Enumerable.Range(0, random.Next(5)).Select(_ => $"\"{Names[random.Next(Names.Length)]}\":{Value(random, depth)}")) + "}";

    private static string Text(Random random)
    {
        var text = new StringBuilder("\"");
        for (var i = random.Next(12); i > 0; i--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.Append('"').ToString();
    }

    private static ulong Snowflake(Random random) => (ulong)random.NextInt64(1, long.MaxValue) >> random.Next(60);
}
