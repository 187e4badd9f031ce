using System.Buffers;

namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// Finds blocked terms in normalized text with one vectorized multi-string search
/// (<see cref="SearchValues{T}"/> over the terms padded with spaces, which makes every hit a
/// whole-word hit), so the cost per message barely grows with the size of the list.
/// </summary>
public sealed class BlockedTermMatcher
{
    private readonly SearchValues<string>? _padded;
    private readonly Dictionary<string, string> _terms; // normalized → as the moderator wrote it
    private readonly int[] _lengths;

    public BlockedTermMatcher(IEnumerable<string> terms)
    {
        _terms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            var normalized = TextNormalizer.Normalize(term);
            if (normalized.Trim().Length > 0)
            {
                _terms.TryAdd(normalized, term.Trim());
            }
        }

        _lengths = [.. _terms.Keys.Select(t => t.Length).Distinct().Order()];
        _padded = _terms.Count == 0 ? null : SearchValues.Create([.. _terms.Keys], StringComparison.Ordinal);
    }

    public int Count => _terms.Count;

    /// <summary>The first blocked term in <paramref name="normalized"/> (as <see cref="TextNormalizer"/> made it), or null.</summary>
    public string? FindFirst(string normalized)
    {
        if (_padded is null)
        {
            return null;
        }

        var at = normalized.AsSpan().IndexOfAny(_padded);
        if (at < 0)
        {
            return null;
        }

        // The search says where, not which: the candidates are the term lengths that fit there.
        foreach (var length in _lengths)
        {
            if (at + length <= normalized.Length
                && _terms.TryGetValue(normalized.Substring(at, length), out var term))
            {
                return term;
            }
        }

        return null;
    }
}
