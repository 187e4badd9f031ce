using System.Globalization;
using System.Text.RegularExpressions;

namespace Cortex.Emulator.OpenAi;

/// <summary>
/// The emulator's moderation "model": a fixed word list, so a test can reach every stage of
/// Cortex's moderation pipeline on purpose. Documented in docs/emulator-openai.md.
/// <list type="bullet">
/// <item>Clearly harmful phrases score <see cref="Clear"/> (0.96) in their main category: above every threshold.</item>
/// <item>Ambiguous words score <see cref="Ambiguous"/> (0.45): between 0.30 and the lowest threshold (0.60).</item>
/// <item>Anything else scores <see cref="Clean"/> (0.0004): clean.</item>
/// <item>A marker <c>[[mod:CATEGORY=SCORE]]</c> sets one category's score exactly, e.g. <c>[[mod:hate=0.71]]</c>.</item>
/// </list>
/// A category is flagged when its score is at least <see cref="FlagAt"/>.
/// </summary>
public static partial class ModerationWordList
{
    public const double Clear = 0.96;
    public const double Ambiguous = 0.45;
    public const double Clean = 0.0004;
    public const double FlagAt = 0.5;

    /// <summary>OpenAI's omni-moderation categories, in the API's spelling.</summary>
    public static readonly IReadOnlyList<string> Categories =
    [
        "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
        "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "sexual/minors",
        "violence", "violence/graphic",
    ];

    /// <summary>
    /// Phrase → the categories it scores (main one first; the others get 90% of the score), matched as
    /// whole words, case-insensitively.
    /// </summary>
    public static readonly IReadOnlyList<(string Phrase, string[] Categories, double Score)> Entries =
    [
        ("i will kill you", ["violence", "harassment/threatening"], Clear),
        ("behead", ["violence/graphic", "violence"], Clear),
        ("subhuman", ["hate", "harassment"], Clear),
        ("exterminate them", ["hate/threatening", "hate"], Clear),
        ("moron", ["harassment"], Clear),
        ("kill myself", ["self-harm/intent", "self-harm"], Clear),
        ("how to cut deeper", ["self-harm/instructions", "self-harm"], Clear),
        ("porn", ["sexual"], Clear),
        ("buy cocaine", ["illicit"], Clear),
        ("build a pipe bomb", ["illicit/violent", "violence"], Clear),
        ("idiot", ["harassment"], Ambiguous),
        ("those people", ["hate"], Ambiguous),
        ("kill", ["violence"], Ambiguous),
        ("hurt myself", ["self-harm"], Ambiguous),
        ("sexy", ["sexual"], Ambiguous),
        ("weed", ["illicit"], Ambiguous),
    ];

    /// <summary>Scores for every category of <paramref name="text"/>.</summary>
    public static Dictionary<string, double> Score(string text)
    {
        var scores = Categories.ToDictionary(category => category, _ => Clean, StringComparer.Ordinal);
        foreach (var (phrase, categories, score) in Entries)
        {
            if (!ContainsPhrase(text, phrase))
            {
                continue;
            }

            // The first category is the phrase's main one; the others score a little lower, so the
            // main category is also the top one.
            for (var i = 0; i < categories.Length; i++)
            {
                scores[categories[i]] = Math.Max(scores[categories[i]], i == 0 ? score : Math.Round(score * 0.9, 4));
            }
        }

        foreach (Match marker in MarkerPattern().Matches(text))
        {
            var category = marker.Groups["category"].Value.ToLowerInvariant();
            if (scores.ContainsKey(category)
                && double.TryParse(marker.Groups["score"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
            {
                scores[category] = Math.Clamp(exact, 0, 1);
            }
        }

        return scores;
    }

    private static bool ContainsPhrase(string text, string phrase) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(phrase)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"\[\[mod:(?<category>[a-z/\-]+)=(?<score>[0-9.]+)\]\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
