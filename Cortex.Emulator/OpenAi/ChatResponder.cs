using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cortex.Emulator.OpenAi;

/// <summary>
/// The emulator's deterministic "model". The same messages always give the same answer:
/// <list type="bullet">
/// <item><c>[[reply:TEXT]]</c> in the last user message answers exactly TEXT.</item>
/// <item>JSON mode with a prompt that mentions <c>severity</c>: a moderation verdict
/// <c>{"severity","category","reason"}</c> scored from the last user message with
/// <see cref="ModerationWordList"/> (or forced by <c>[[severity=N]]</c>).</item>
/// <item>JSON mode with a prompt that mentions <c>facts</c>: <c>{"facts":[...]}</c>, the first-person
/// statements of the last user message ("I like cats", "My name is Ada").</item>
/// <item>Other JSON mode: <c>{"reply":"..."}</c>; plain mode: a sentence that quotes the last user message.</item>
/// </list>
/// </summary>
public static partial class ChatResponder
{
    public static string Answer(IReadOnlyList<(string Role, string Content, string? Name)> messages, bool jsonMode)
    {
        var lastUser = messages.LastOrDefault(message => message.Role == "user").Content ?? "";
        var forced = ReplyMarker().Match(lastUser);
        if (forced.Success)
        {
            return forced.Groups["text"].Value;
        }

        var plain = $"Emulated reply to \"{Shorten(lastUser)}\".";
        if (!jsonMode)
        {
            return plain;
        }

        var prompt = string.Join("\n", messages.Select(message => message.Content));
        if (prompt.Contains("severity", StringComparison.OrdinalIgnoreCase))
        {
            return JsonSerializer.Serialize(Verdict(lastUser), OpenAiJsonContext.Default.JsonVerdict);
        }

        if (prompt.Contains("facts", StringComparison.OrdinalIgnoreCase))
        {
            var facts = FirstPersonStatement().Matches(lastUser).Select(match => match.Value.Trim()).Distinct().ToList();
            return JsonSerializer.Serialize(new JsonFacts(facts), OpenAiJsonContext.Default.JsonFacts);
        }

        return JsonSerializer.Serialize(new JsonReply(plain), OpenAiJsonContext.Default.JsonReply);
    }

    private static JsonVerdict Verdict(string text)
    {
        var scores = ModerationWordList.Score(text);
        var (category, score) = scores.MaxBy(pair => pair.Value);
        var forced = SeverityMarker().Match(text);
        var severity = forced.Success
            ? int.Parse(forced.Groups["severity"].ValueSpan, CultureInfo.InvariantCulture)
            : score switch
            {
                < 0.3 => 0,
                < 0.5 => 1,
                < 0.7 => 2,
                < 0.9 => 3,
                _ => 4,
            };
        return severity == 0
            ? new JsonVerdict(0, "none", "No policy concern in context.")
            : new JsonVerdict(severity, category, $"Scored {score.ToString("0.00", CultureInfo.InvariantCulture)} for {category} in context.");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"\[\[reply:(?<text>.*?)\]\]", RegexOptions.Singleline)]
    private static partial Regex ReplyMarker();

    [GeneratedRegex(@"\[\[severity=(?<severity>[0-4])\]\]")]
    private static partial Regex SeverityMarker();

    [GeneratedRegex(@"\b(I am|I'm|I have|I like|I love|I live|I work|My \w+ is)\b[^.!?""\n]*", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPersonStatement();
}
