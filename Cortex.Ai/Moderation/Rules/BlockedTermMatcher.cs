namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// Finds blocked terms, as whole words, in text normalized with <see cref="TextNormalizer.KeepDoubles"/>: a trie of the
/// normalized terms walked from each word start, so a message costs a few lookups per word whatever the size of
/// the list, and no term can flatter or slow the search by its spelling. A letter the text repeats may stand for a
/// single one in the term ("baadword" is "badword", "asss" is "ass") but not the reverse ("as" is not "ass").
/// </summary>
public sealed class BlockedTermMatcher
{
    private readonly TermTrie _trie;

    public BlockedTermMatcher(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _trie = new TermTrie(terms
            .Select(term => (Normalized: TextNormalizer.Normalize(term, TextNormalizer.KeepDoubles).Trim(' '), Term: term.Trim()))
            .Where(pair => pair.Normalized.Length > 0));
    }

    /// <summary>How many distinct normalized terms the matcher holds.</summary>
    public int Count => _trie.Count;

    /// <summary>The first blocked term (as the moderator wrote it) in <paramref name="normalized"/>, or null.</summary>
    public string? FindFirst(ReadOnlySpan<char> normalized)
    {
        if (Count == 0)
        {
            return null;
        }

        for (var at = 0; at < normalized.Length; at++)
        {
            if (normalized[at] != ' ' && (at == 0 || normalized[at - 1] == ' ') && Walk(normalized, at, at, 0) is { } term)
            {
                return term;
            }
        }

        return null;
    }

    // Depth-first: at a repeated letter the walk either consumes it as the term's next letter or absorbs it into
    // the letter before; both are tried only when the trie allows both (runs are at most two, so this stays small).
    private string? Walk(ReadOnlySpan<char> text, int start, int i, int node)
    {
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' && _trie.TermAt(node) is { } term)
            {
                return term;
            }

            var stepped = _trie.TryStep(node, c, out var next);
            var absorbs = i > start && c != ' ' && text[i - 1] == c;
            if (stepped && absorbs && Walk(text, start, i + 1, next) is { } longer)
            {
                return longer;
            }

            if (stepped && !absorbs)
            {
                node = next;
            }
            else if (!absorbs)
            {
                return null;
            }
        }

        return null;
    }
}
