using System.Text;

namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// Turns a message into the canonical form the term matcher searches: lower case, full-width and
/// half-width forms folded (<see cref="WidthFolding"/>), look-alike characters folded to the letters they imitate, runs of one letter squeezed ("fuuuck" → "fuck"),
/// letters spelled out with separators joined ("b a d", "b.a.d" → "bad"), and every word padded by
/// single spaces so that " term " matches whole words only ("Scunthorpe" does not contain " cunt ").
/// The canonical text is for matching only: spelled-out runs appear in it more than once.
/// Terms go through the same function, so both sides always agree.
/// </summary>
public static class TextNormalizer
{
    private const char Invisible = '\u0001';

    public static string Normalize(string text) => Normalize(WidthFolding.Fold(text).AsSpan());

    public static string Normalize(ReadOnlySpan<char> text)
    {
        var words = new List<StringBuilder>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var folded = Fold(text[i]);
            if (folded == Invisible)
            {
                continue;
            }

            // "sh!t", "b@d", "a$$": symbols stand for letters only inside a word ("hello!" stays "hello").
            if (folded == '\0' && current.Length > 0 && i + 1 < text.Length && char.IsLetter(Fold(text[i + 1])))
            {
                folded = FoldSymbol(text[i]);
            }

            if (folded == '\0')
            {
                Flush();
                continue;
            }

            if (current.Length > 0 && current[^1] == folded)
            {
                continue; // squeeze repeats
            }

            current.Append(folded);
        }

        Flush();
        return Join(words);

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current);
                current = new StringBuilder();
            }
        }
    }

    // Consecutive one-letter words are one word spelled out with separators.
    private static string Join(List<StringBuilder> words)
    {
        var result = new StringBuilder(" ");
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Length == 1 && i + 1 < words.Count && words[i + 1].Length == 1)
            {
                var joined = new StringBuilder();
                while (i < words.Count && words[i].Length == 1)
                {
                    if (joined.Length == 0 || joined[^1] != words[i][0])
                    {
                        joined.Append(words[i][0]);
                    }

                    i++;
                }

                i--;
                AppendSpelledRun(result, joined.ToString());
                continue;
            }

            result.Append(words[i]).Append(' ');
        }

        return result.ToString();
    }

    // Real one-letter words ("a", "i") sit next to spelled-out ones: "what a b a d w o r d" must still
    // show " badword ". Emit the run with up to two letters dropped at either end as well (9 variants
    // at most, so the canonical text stays linear in the message).
    private static void AppendSpelledRun(StringBuilder result, string run)
    {
        const int MaxDropped = 2;
        for (var head = 0; head <= MaxDropped; head++)
        {
            for (var tail = 0; tail <= MaxDropped; tail++)
            {
                var length = run.Length - head - tail;
                if (length >= 2 && (head == 0 || tail == 0 || length >= 3))
                {
                    result.Append(run, head, length).Append(' ');
                }
            }
        }
    }

    /// <summary>The letter a character stands for, or '\0' for characters that carry no letter.</summary>
    private static char Fold(char c) => c switch
    {
        >= 'a' and <= 'z' => c,
        >= 'A' and <= 'Z' => (char)(c + 32),
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        >= '2' and <= '9' => c,
        // Cyrillic and Greek letters that look Latin.
        'а' or 'А' or 'α' or 'Α' => 'a',
        'в' or 'В' or 'β' or 'Β' => 'b',
        'с' or 'С' => 'c',
        'е' or 'Е' or 'ε' or 'Ε' or 'ё' => 'e',
        'н' or 'Н' or 'Η' => 'h',
        'і' or 'І' or 'ι' or 'Ι' => 'i',
        'ј' or 'Ј' => 'j',
        'к' or 'К' or 'κ' or 'Κ' => 'k',
        'м' or 'М' or 'Μ' => 'm',
        'о' or 'О' or 'ο' or 'Ο' => 'o',
        'р' or 'Р' or 'ρ' or 'Ρ' => 'p',
        'ѕ' or 'Ѕ' => 's',
        'т' or 'Т' or 'τ' or 'Τ' => 't',
        'у' or 'У' or 'υ' => 'y',
        'х' or 'Х' or 'χ' or 'Χ' => 'x',
        'ν' or 'Ν' => 'v',
        // Accented Latin letters most often used to dodge filters.
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' or 'À' or 'Á' or 'Â' or 'Ã' or 'Ä' or 'Å' => 'a',
        'ç' or 'Ç' => 'c',
        'è' or 'é' or 'ê' or 'ë' or 'È' or 'É' or 'Ê' or 'Ë' => 'e',
        'ì' or 'í' or 'î' or 'ï' or 'Ì' or 'Í' or 'Î' or 'Ï' => 'i',
        'ñ' or 'Ñ' => 'n',
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' or 'Ò' or 'Ó' or 'Ô' or 'Õ' or 'Ö' or 'Ø' => 'o',
        'ù' or 'ú' or 'û' or 'ü' or 'Ù' or 'Ú' or 'Û' or 'Ü' => 'u',
        'ý' or 'ÿ' or 'Ý' => 'y',
        // Zero-width characters hide inside words: drop them without splitting the word.
        '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' => Invisible,
        _ when char.IsLetter(c) => char.ToLowerInvariant(c),
        _ => '\0',
    };

    private static char FoldSymbol(char c) => c switch
    {
        '!' or '|' => 'i',
        '@' => 'a',
        '$' => 's',
        _ => '\0',
    };
}
