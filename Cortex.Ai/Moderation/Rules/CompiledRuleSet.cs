using System.Buffers;
using System.Text.RegularExpressions;

namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// A <see cref="RuleSet"/> prepared for matching: built once per configuration change, then shared
/// by every message of the guild (it is immutable and thread-safe).
/// </summary>
public sealed partial class CompiledRuleSet
{
    /// <summary>A moderator's pattern gets this long per message; a catastrophic one cannot stall the stream.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(20);

    private readonly RuleSet _rules;
    private readonly BlockedTermMatcher _terms;
    private readonly HashSet<string> _allowedInvites;
    private readonly (CustomPattern Pattern, Regex Regex)[] _patterns;

    public CompiledRuleSet(RuleSet rules)
    {
        _rules = rules;
        _terms = new BlockedTermMatcher(rules.BlockedTerms);
        _allowedInvites = rules.AllowedInviteCodes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        _patterns = [.. rules.Patterns.Select(p => (p, new Regex(p.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout)))];
    }

    /// <summary>The most severe rule the message breaks, or null when stage 1 has nothing to say.</summary>
    public RuleMatch? Evaluate(string content)
    {
        RuleMatch? worst = null;

        var term = FindTerm(content);
        if (term is not null)
        {
            worst = Worse(worst, new RuleMatch(RuleKind.BlockedTerm, term, _rules.BlockedTermSeverity));
        }

        // IsMatch allocates nothing; the matches (and their groups) are built only when there is an invite.
        if (_rules.BlockInvites && InvitePattern().IsMatch(content))
        {
            foreach (Match invite in InvitePattern().Matches(content))
            {
                var code = invite.Groups["code"].Value;
                if (!_allowedInvites.Contains(code))
                {
                    worst = Worse(worst, new RuleMatch(RuleKind.Invite, code, _rules.InviteSeverity));
                    break;
                }
            }
        }

        // Every mention has an '@': most messages have none and skip the regex.
        var mentions = content.Contains('@', StringComparison.Ordinal) ? MentionPattern().Count(content) : 0;
        if (mentions >= _rules.MassMentionThreshold)
        {
            worst = Worse(worst, new RuleMatch(RuleKind.MassMention, $"{mentions} mentions", _rules.MassMentionSeverity));
        }

        foreach (var (pattern, regex) in _patterns)
        {
            if (Matches(regex, content))
            {
                worst = Worse(worst, new RuleMatch(RuleKind.CustomPattern, pattern.Name, pattern.Severity));
            }
        }

        return worst;
    }

    private const int StackLimit = 4096;

    // The canonical text lives on the stack (or a pooled buffer for long messages) for the length of the search:
    // nothing is allocated per message.
    private string? FindTerm(string content)
    {
        if (_terms.Count == 0)
        {
            return null;
        }

        var text = WidthFolding.Fold(content);
        var needed = TextNormalizer.MaxLength(text.Length);
        char[]? rented = null;
        var buffer = needed <= StackLimit ? stackalloc char[needed] : (rented = ArrayPool<char>.Shared.Rent(needed));
        try
        {
            var length = TextNormalizer.Normalize(text, TextNormalizer.KeepDoubles, buffer);
            return _terms.FindFirst(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool Matches(Regex regex, string content)
    {
        try
        {
            return regex.IsMatch(content);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern that cannot decide in time does not flag; stage 2 still sees the message.
            return false;
        }
    }

    private static RuleMatch Worse(RuleMatch? current, RuleMatch candidate) =>
        current is null || candidate.Severity > current.Severity ? candidate : current;

    // discord.gg/x, discord.com/invite/x, discordapp.com/invite/x, dsc.gg/x, with the spaces people put in to dodge filters.
    [GeneratedRegex(@"(?:https?://)?(?:www\.)?(?:discord(?:app)?\s*\.\s*com\s*/\s*invite|discord\s*\.\s*(?:gg|io|me|li)|dsc\s*\.\s*gg)\s*/\s*(?<code>[a-z0-9-]{2,32})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InvitePattern();

    // <@123>, <@!123>, <@&123>, @everyone and @here.
    [GeneratedRegex(@"<@[!&]?\d{15,21}>|@everyone\b|@here\b", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();
}
