using Cortex.Ai.Moderation.Rules;

namespace Cortex.Benchmarks.Moderation;

/// <summary>
/// The real word lists (<see cref="WordLists"/>) and 2,000 chat messages generated from them with a fixed seed: chat
/// in ten languages, 1 in 6 carrying a listed term (drawn from the whole list, spelled in each of the
/// <see cref="Obfuscation"/>s in turn), 1 in 40 an invite, 1 in 40 a mass mention. Shared by the benchmark and the
/// latency harness so both measure the same work.
/// </summary>
public static class ModerationCorpus
{
    private static readonly Lazy<IReadOnlyList<string>> LoadedTerms = new(WordLists.Load);
    private static readonly Lazy<IReadOnlyList<string>> BuiltMessages = new(BuildMessages);

    public static IReadOnlyList<string> Terms => LoadedTerms.Value;

    public static IReadOnlyList<string> Messages => BuiltMessages.Value;

    /// <summary>Cortex's stage 1, with the seed's invite pattern on.</summary>
    public static CompiledRuleSet Cortex() => new(new RuleSet { BlockedTerms = Terms });

    private static List<string> BuildMessages()
    {
        var random = new Random(42);
        var messages = new List<string>(2000);
        var obfuscation = 0;
        for (var i = 0; i < 2000; i++)
        {
            var sentence = ChatPhrases.All[random.Next(ChatPhrases.All.Length)];
            var text = (i % 6, i % 40) switch
            {
                (0, _) => WithTerm(sentence, random, Obfuscation.Names[obfuscation++ % Obfuscation.Names.Length]),
                (_, 1) => sentence + " join discord.gg/raid" + i,
                (_, 2) => sentence + " " + string.Join(' ', Enumerable.Range(0, 6).Select(m => $"<@{100_000_000_000_000_000L + m}>")),
                _ => sentence,
            };
            messages.Add(text);
        }

        return messages;
    }

    private static string WithTerm(string sentence, Random random, string obfuscation)
    {
        string term;
        do
        {
            term = Terms[random.Next(Terms.Count)];
        }
        while (!Obfuscation.Fits(obfuscation, term));

        var words = sentence.Split(' ');
        var at = random.Next(words.Length + 1);
        return string.Join(' ', words.Take(at).Append(Obfuscation.Apply(obfuscation, term.ToLowerInvariant())).Concat(words.Skip(at)));
    }
}
