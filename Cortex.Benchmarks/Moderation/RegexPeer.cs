using System.Text;
using System.Text.RegularExpressions;
using Cortex.Ai.Moderation.Rules;

namespace Cortex.Benchmarks.Moderation;

/// <summary>
/// The equal-detection peer of stage 1: normalize the message (to a new string, with the same rules as Cortex, so both
/// see the same words), then one alternation regex of every normalized term as a whole word, a letter run in the
/// term matching that run or a longer one (<c>bb?aa?dd?</c>); then the same invite and mention checks.
/// Built with <see cref="RegexOptions.Compiled"/> (the backtracking engine at its fastest) or
/// <see cref="RegexOptions.NonBacktracking"/> (.NET's automaton engine).
/// </summary>
public sealed class RegexPeer
{
    private static readonly Regex Invite = new(@"(?:https?://)?(?:www\.)?(?:discord(?:app)?\s*\.\s*com\s*/\s*invite|discord\s*\.\s*(?:gg|io|me|li)|dsc\s*\.\s*gg)\s*/\s*(?<code>[a-z0-9-]{2,32})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex Mention = new(@"<@[!&]?\d{15,21}>|@everyone\b|@here\b", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private readonly Regex _terms;

    public RegexPeer(IEnumerable<string> terms, RegexOptions engine)
    {
        // The list's alternation is ~30,000 automaton nodes, over NonBacktracking's default limit of 10,000; the limit
        // is .NET's documented AppContext switch, raised so the automaton engine can run the list at all.
        AppContext.SetData("REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE", 1_000_000);
        var alternatives = terms
            .Select(t => TextNormalizer.Normalize(t, TextNormalizer.KeepDoubles).Trim(' '))
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(RunPattern);
        _terms = new Regex($" (?:{string.Join('|', alternatives)}) ", engine | RegexOptions.CultureInvariant);
    }

    public string Name => _terms.Options.HasFlag(RegexOptions.NonBacktracking) ? "normalize + one alternation regex (NonBacktracking)" : "normalize + one alternation regex (Compiled)";

    public bool Flags(string content) =>
        _terms.IsMatch(TextNormalizer.Normalize(content, TextNormalizer.KeepDoubles))
        || Invite.IsMatch(content)
        || (content.Contains('@', StringComparison.Ordinal) && Mention.Count(content) >= 5);

    // "baad" → bb?aadd?: a single letter matches one or two in the text, a double exactly two (runs are capped at two).
    // Each branch starts with a literal letter, so the backtracking engine can merge the branches' common prefixes.
    private static string RunPattern(string term)
    {
        var pattern = new StringBuilder();
        for (var i = 0; i < term.Length;)
        {
            var run = 1;
            while (i + run < term.Length && term[i + run] == term[i])
            {
                run++;
            }

            var letter = Regex.Escape(term[i].ToString());
            pattern.Append(run == 1 && term[i] != ' ' ? letter + letter + "?" : string.Concat(Enumerable.Repeat(letter, run)));
            i += run;
        }

        return pattern.ToString();
    }
}
