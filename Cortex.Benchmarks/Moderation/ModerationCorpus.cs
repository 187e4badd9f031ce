using System.Text.RegularExpressions;
using Cortex.Ai.Moderation.Rules;

namespace Cortex.Benchmarks.Moderation;

/// <summary>
/// A 1,000-term blocked list and a mix of chat messages (mostly clean, some with a term, an invite or
/// obfuscation), shared by the benchmark and the latency harness so both measure the same work.
/// </summary>
public static class ModerationCorpus
{
    public const int TermCount = 1000;

    public static IReadOnlyList<string> Terms { get; } =
        [.. Enumerable.Range(0, TermCount).Select(i => $"blk{i * 7919 % 100000:x}word")];

    public static IReadOnlyList<string> Messages { get; } = BuildMessages();

    private static List<string> BuildMessages()
    {
        var random = new Random(42);
        string[] words = ["the", "deploy", "went", "fine", "but", "shard", "seven", "keeps", "resuming", "anyone", "seen", "this", "lol", "gg", "what", "time", "is", "raid", "tonight", "ok"];
        var messages = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            var length = random.Next(3, 30);
            var text = string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)]));
            text = (i % 20) switch
            {
                0 => text + " " + Terms[random.Next(TermCount)],
                1 => text + " join discord.gg/abc" + i,
                2 => text + " " + string.Join(' ', Terms[random.Next(TermCount)].ToCharArray()),
                _ => text,
            };
            messages.Add(text);
        }

        return messages;
    }

    /// <summary>Cortex's stage 1, with the seed's invite pattern on.</summary>
    public static CompiledRuleSet Cortex() => new(new RuleSet { BlockedTerms = Terms });

    /// <summary>The naive peer: one case-insensitive word-boundary regex per term, plus an invite regex.</summary>
    public static Func<string, bool> NaiveRegexLoop()
    {
        var regexes = Terms.Select(t => new Regex($@"\b{Regex.Escape(t)}\b", RegexOptions.IgnoreCase | RegexOptions.Compiled)).ToArray();
        var invite = new Regex(@"(discord\.gg|discord(app)?\.com/invite)/[a-z0-9-]+", RegexOptions.IgnoreCase | RegexOptions.Compiled);
        return message =>
        {
            foreach (var regex in regexes)
            {
                if (regex.IsMatch(message))
                {
                    return true;
                }
            }

            return invite.IsMatch(message);
        };
    }
}
