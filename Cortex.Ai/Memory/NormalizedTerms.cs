using Cortex.Ai.Moderation.Rules;

namespace Cortex.Ai.Memory;

/// <summary>
/// A term list searched in text as moderation's stage 1 sees it (<see cref="TextNormalizer"/>: full-width
/// letters, look-alikes, leetspeak, spelled-out letters and invisible characters all fold to plain words). A term is a whole word or phrase; <c>stem*</c> matches at a word start
/// (inflected languages); <c>*infix*</c> matches anywhere (scripts without spaces, German compounds).
/// </summary>
public sealed class NormalizedTerms
{
    private readonly string[] _needles;

    public NormalizedTerms(IEnumerable<string> terms) =>
        _needles = [.. terms.Select(Needle).Where(n => n.Trim().Length > 0).Distinct(StringComparer.Ordinal)];

    public int Count => _needles.Length;

    /// <summary>The first needle found, as normalized, or null.</summary>
    public string? FindFirst(string text)
    {
        var normalized = Normalize(text);
        foreach (var needle in _needles)
        {
            if (normalized.Contains(needle, StringComparison.Ordinal))
            {
                return needle.Trim();
            }
        }

        return null;
    }

    public static string Normalize(string text) => TextNormalizer.Normalize(text);

    private static string Needle(string term)
    {
        var infix = term.StartsWith('*') && term.EndsWith('*');
        var prefix = !infix && term.EndsWith('*');
        var core = Normalize(term.Trim('*')).Trim();
        return infix ? core : prefix ? " " + core : " " + core + " ";
    }
}
