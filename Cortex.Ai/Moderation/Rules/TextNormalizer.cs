using System.Buffers;

namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// Turns a message into the canonical form the term matcher searches: lower case, full-width and
/// half-width forms folded (<see cref="WidthFolding"/>), look-alike characters folded to the letters they imitate
/// (<see cref="LetterFolding"/>), runs of one letter shortened ("fuuuck" → "fuuck" for moderation, "fuck" when squeezed),
/// letters spelled out with separators joined ("b a d", "b.a.d" → "bad"), and every word padded by
/// single spaces so that " term " matches whole words only ("Scunthorpe" does not contain " cunt ").
/// The canonical text is for matching only: spelled-out runs appear in it more than once.
/// Terms go through the same function, so both sides always agree. One pass over pooled buffers; the only
/// allocation is the result (none at all through <see cref="Normalize(ReadOnlySpan{char}, int, Span{char})"/>).
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>Runs squeezed to one letter: "baaad" and "bad" are the same word (memory's term lists).</summary>
    public const int Squeeze = 1;

    /// <summary>Runs kept up to two letters, so "ass" stays apart from "as"; the matcher lets a longer run stand for a shorter one.</summary>
    public const int KeepDoubles = 2;

    public static string Normalize(string text) => Normalize(text, Squeeze);

    public static string Normalize(string text, int maxRun) => Normalize(WidthFolding.Fold(text).AsSpan(), maxRun);

    public static string Normalize(ReadOnlySpan<char> text, int maxRun = Squeeze)
    {
        var output = ArrayPool<char>.Shared.Rent(MaxLength(text.Length));
        try
        {
            return new string(output, 0, Normalize(text, maxRun, output));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(output);
        }
    }

    /// <summary>The most characters <see cref="Normalize(ReadOnlySpan{char}, int, Span{char})"/> writes for a text this long.</summary>
    public static int MaxLength(int textLength) => (textLength * 10) + 2;

    /// <summary>Writes the canonical form of <paramref name="text"/> (width-folded already) into <paramref name="output"/>; returns its length.</summary>
    public static int Normalize(ReadOnlySpan<char> text, int maxRun, Span<char> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRun, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, MaxLength(text.Length));
        if (text.Length <= 512)
        {
            Span<char> letters = stackalloc char[text.Length];
            Span<int> words = stackalloc int[text.Length + 2];
            return Join(letters, words[..(SplitWords(text, maxRun, letters, words) * 2)], maxRun, output);
        }

        var rentedLetters = ArrayPool<char>.Shared.Rent(text.Length);
        var rentedWords = ArrayPool<int>.Shared.Rent(text.Length + 2);
        try
        {
            var count = SplitWords(text, maxRun, rentedLetters, rentedWords);
            return Join(rentedLetters, rentedWords.AsSpan(0, count * 2), maxRun, output);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rentedLetters);
            ArrayPool<int>.Shared.Return(rentedWords);
        }
    }

    /// <summary>Folds the text into <paramref name="letters"/> word after word; <paramref name="words"/> gets each word's start and end.</summary>
    private static int SplitWords(ReadOnlySpan<char> text, int maxRun, Span<char> letters, Span<int> words)
    {
        int length = 0, start = 0, count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var folded = LetterFolding.Fold(text[i]);
            if (folded == LetterFolding.Invisible)
            {
                continue;
            }

            // "sh!t", "b@d", "a$$": symbols stand for letters only inside a word ("hello!" stays "hello").
            if (folded == '\0' && length > start && i + 1 < text.Length && char.IsLetter(LetterFolding.Fold(text[i + 1])))
            {
                folded = LetterFolding.FoldSymbol(text[i]);
            }

            if (folded == '\0')
            {
                if (length > start)
                {
                    words[count * 2] = start;
                    words[(count * 2) + 1] = length;
                    count++;
                    start = length;
                }

                continue;
            }

            if (!RunIsFull(letters[start..length], folded, maxRun))
            {
                letters[length++] = folded;
            }
        }

        if (length > start)
        {
            words[count * 2] = start;
            words[(count * 2) + 1] = length;
            count++;
        }

        return count;
    }

    /// <summary>Whether the word already ends with <paramref name="maxRun"/> of <paramref name="c"/> (the repeat is dropped).</summary>
    private static bool RunIsFull(ReadOnlySpan<char> word, char c, int maxRun)
    {
        if (word.Length < maxRun)
        {
            return false;
        }

        foreach (var last in word[^maxRun..])
        {
            if (last != c)
            {
                return false;
            }
        }

        return true;
    }
}
