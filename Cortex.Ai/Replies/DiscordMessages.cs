namespace Cortex.Ai.Replies;

/// <summary>Discord's message limits, and how a long answer is cut to fit them.</summary>
public static class DiscordMessages
{
    /// <summary>Discord rejects message content longer than this.</summary>
    public const int MaxContentLength = 2_000;

    /// <summary>A reply longer than this many messages is trimmed: a wall of messages is not an answer.</summary>
    public const int MaxParts = 3;

    private const string Ellipsis = "…";

    /// <summary>Splits on paragraph, line or word boundaries where it can; never returns an empty part.</summary>
    public static IReadOnlyList<string> Split(string content, int maxLength = MaxContentLength, int maxParts = MaxParts)
    {
        var parts = new List<string>();
        var rest = content.Trim();
        while (rest.Length > 0 && parts.Count < maxParts)
        {
            if (rest.Length <= maxLength)
            {
                parts.Add(rest);
                return parts;
            }

            if (parts.Count == maxParts - 1)
            {
                parts.Add(rest[..(maxLength - Ellipsis.Length)].TrimEnd() + Ellipsis);
                return parts;
            }

            var cut = BestCut(rest, maxLength);
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        return parts;
    }

    private static int BestCut(string text, int maxLength)
    {
        var window = text.AsSpan(0, maxLength);
        foreach (var separator in (ReadOnlySpan<string>)["\n\n", "\n", " "])
        {
            var at = window.LastIndexOf(separator, StringComparison.Ordinal);
            if (at > maxLength / 2)
            {
                return at + separator.Length;
            }
        }

        // No boundary in the second half: cut hard, but never between the halves of a surrogate pair.
        return char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
    }
}
