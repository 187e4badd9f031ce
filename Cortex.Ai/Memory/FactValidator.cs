using System.Globalization;
using System.Text;

namespace Cortex.Ai.Memory;

/// <summary>
/// The schema of a remembered fact: one short line about the speaker, in the third person, that
/// neither names nor addresses anyone and does not read like an instruction or a payload.
/// </summary>
public static class FactValidator
{
    public const int MaxLength = 120;
    public const int MaxWords = 18;

    public static FactVerdict Validate(string? candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return FactVerdict.Refused("empty");
        }

        var fact = candidate.Trim().TrimEnd('.');
        if (fact.Length is < 3 or > MaxLength)
        {
            return FactVerdict.Refused("length");
        }

        if (fact.Any(c => char.IsControl(c)) || fact.IndexOfAny(['<', '>', '{', '}', '[', ']', '`', '|', '\\']) >= 0)
        {
            return FactVerdict.Refused("characters");
        }

        if (fact.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > MaxWords)
        {
            return FactVerdict.Refused("length");
        }

        // About the speaker only: no mentions of other people's handles, no channels or roles.
        if (fact.Contains('@', StringComparison.Ordinal) || fact.Contains('#', StringComparison.Ordinal) && fact.Any(char.IsAsciiDigit))
        {
            return FactVerdict.Refused("mentions someone");
        }

        if (InjectionGuard.InspectFact(fact) is { } reason)
        {
            return FactVerdict.Refused(reason);
        }

        return FactVerdict.Accepted(fact, Key(fact));
    }

    /// <summary>Facts that differ only in case, punctuation, spacing or a leading "the user" are one fact.</summary>
    public static string Key(string fact)
    {
        var builder = new StringBuilder(fact.Length);
        var space = false;
        foreach (var c in fact.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }

        var key = builder.ToString();
        foreach (var lead in (ReadOnlySpan<string>)["the user ", "user ", "the speaker ", "speaker ", "they "])
        {
            if (key.StartsWith(lead, StringComparison.Ordinal))
            {
                return key[lead.Length..];
            }
        }

        return key;
    }
}

public sealed record FactVerdict(bool IsAccepted, string? Fact, string? Key, string? Reason)
{
    public static FactVerdict Accepted(string fact, string key) => new(true, fact, key, null);

    public static FactVerdict Refused(string reason) => new(false, null, null, reason);
}
