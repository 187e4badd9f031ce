using System.Text.RegularExpressions;
using Cortex.Ai.Moderation.Rules;

namespace Cortex.Ai.Moderation.Config;

/// <summary>A guild's stage-1 rules: severities in range, lists and patterns bounded, every regex compiling.</summary>
internal static class RuleSetValidator
{
    public const int MaxBlockedTerms = 1000;
    public const int MaxTermLength = 100;
    public const int MaxInviteCodes = 100;
    public const int MaxPatterns = 50;
    public const int MaxPatternLength = 500;

    public static void Validate(RuleSet? rules, ValidationErrors errors)
    {
        if (rules is null)
        {
            errors.Add("rules", "must be an object");
            return;
        }

        foreach (var severity in new[] { rules.BlockedTermSeverity, rules.InviteSeverity, rules.MassMentionSeverity })
        {
            if (severity is < 0 or > 4)
            {
                errors.Add("rules", "every rule severity is from 0 to 4");
            }
        }

        if (rules.MassMentionThreshold is < 1 or > 100)
        {
            errors.Add("rules.mass_mention_threshold", "must be from 1 to 100");
        }

        ValidateTexts("rules.blocked_terms", rules.BlockedTerms, MaxBlockedTerms, MaxTermLength, errors);
        ValidateTexts("rules.allowed_invite_codes", rules.AllowedInviteCodes, MaxInviteCodes, 32, errors);
        if (rules.Patterns is null || rules.Patterns.Count > MaxPatterns)
        {
            errors.Add("rules.patterns", $"must be a list of at most {MaxPatterns} patterns");
            return;
        }

        foreach (var pattern in rules.Patterns)
        {
            ValidatePattern(pattern, errors);
        }
    }

    private static void ValidatePattern(CustomPattern? pattern, ValidationErrors errors)
    {
        if (pattern is null || string.IsNullOrWhiteSpace(pattern.Name) || pattern.Name.Length > MaxTermLength
            || string.IsNullOrEmpty(pattern.Pattern) || pattern.Pattern.Length > MaxPatternLength)
        {
            errors.Add("rules.patterns", $"every pattern has a name (1 to {MaxTermLength} characters) and a pattern (1 to {MaxPatternLength} characters)");
            return;
        }

        if (pattern.Severity is < 0 or > 4)
        {
            errors.Add("rules.patterns", $"'{pattern.Name}': severity must be from 0 to 4");
        }

        try
        {
            _ = new Regex(pattern.Pattern, RegexOptions.None, CompiledRuleSet.PatternTimeout);
        }
        catch (ArgumentException)
        {
            // The parser's message quotes offsets into the pattern; the name and the rule are enough.
            errors.Add("rules.patterns", $"'{pattern.Name}': not a valid .NET regular expression");
        }
    }

    private static void ValidateTexts(string field, IReadOnlyList<string>? texts, int maxCount, int maxLength, ValidationErrors errors)
    {
        if (texts is null || texts.Count > maxCount)
        {
            errors.Add(field, $"must be a list of at most {maxCount} entries");
        }
        else if (texts.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > maxLength || t.Any(char.IsControl)))
        {
            errors.Add(field, $"every entry has 1 to {maxLength} printable characters");
        }
    }
}
