namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// The blocked terms' trie, frozen into flat arrays once the list is built: a node's children sit side by side,
/// sorted by letter, so a step is a short scan (a table load at the root for ASCII) instead of a hash lookup.
/// Stage 1 steps once or twice per word of every message, so this is the matcher's hot path.
/// </summary>
internal sealed class TermTrie
{
    private const int Absent = -1;
    private const int ScanLimit = 8; // children beyond this are binary-searched

    private readonly int[] _firstChild; // per node: index of its first child in _letters/_children; one extra end entry
    private readonly char[] _letters;
    private readonly int[] _children;
    private readonly string?[] _terms; // per node: the term (as written) that ends there, or null
    private readonly int[] _rootAscii = new int[128];

    public TermTrie(IEnumerable<(string Normalized, string Term)> terms)
    {
        var builder = new List<SortedList<char, int>> { new() };
        var ends = new List<string?> { null };
        foreach (var (normalized, term) in terms)
        {
            var node = 0;
            foreach (var c in normalized)
            {
                if (!builder[node].TryGetValue(c, out var next))
                {
                    next = builder.Count;
                    builder.Add([]);
                    ends.Add(null);
                    builder[node].Add(c, next);
                }

                node = next;
            }

            if (ends[node] is null)
            {
                ends[node] = term;
                Count++;
            }
        }

        _terms = [.. ends];
        _firstChild = new int[builder.Count + 1];
        _letters = new char[builder.Count - 1];
        _children = new int[builder.Count - 1];
        var edge = 0;
        for (var node = 0; node < builder.Count; node++)
        {
            _firstChild[node] = edge;
            foreach (var (letter, child) in builder[node])
            {
                (_letters[edge], _children[edge]) = (letter, child);
                edge++;
            }
        }

        _firstChild[builder.Count] = edge;
        Array.Fill(_rootAscii, Absent);
        foreach (var (letter, child) in builder[0].Where(e => e.Key < 128))
        {
            _rootAscii[letter] = child;
        }
    }

    /// <summary>How many distinct normalized terms the trie holds.</summary>
    public int Count { get; }

    /// <summary>The term (as the moderator wrote it) that ends at <paramref name="node"/>, or null.</summary>
    public string? TermAt(int node) => _terms[node];

    /// <summary>The child of <paramref name="node"/> along <paramref name="letter"/>, or false when the trie has none.</summary>
    public bool TryStep(int node, char letter, out int child)
    {
        if (node == 0 && letter < 128)
        {
            child = _rootAscii[letter];
            return child != Absent;
        }

        int from = _firstChild[node], to = _firstChild[node + 1];
        var at = to - from <= ScanLimit ? Scan(from, to, letter) : Array.BinarySearch(_letters, from, to - from, letter);
        child = at >= 0 ? _children[at] : Absent;
        return at >= 0;
    }

    private int Scan(int from, int to, char letter)
    {
        for (var i = from; i < to; i++)
        {
            if (_letters[i] == letter)
            {
                return i;
            }
        }

        return Absent;
    }
}
