namespace Cortex.Ai.Moderation.Rules;

/// <summary>What each character stands for when text is normalized for matching (<see cref="TextNormalizer"/>).</summary>
internal static class LetterFolding
{
    /// <summary>Dropped without splitting the word it sits in (zero-width characters, soft hyphen).</summary>
    public const char Invisible = '\u0001';

    /// <summary>The letter a character stands for, or '\0' for characters that carry no letter.</summary>
    public static char Fold(char c) => Table[c];

    // Every UTF-16 unit folded once (128 KB): the hot loop does one load instead of a switch and char.IsLetter.
    private static readonly char[] Table = [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => FoldOne((char)c))];

    private static char FoldOne(char c) => c switch
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

    /// <summary>The letter a symbol stands for inside a word (sh!t, b@d, a$$), or NUL.</summary>
    public static char FoldSymbol(char c) => c switch
    {
        '!' or '|' => 'i',
        '@' => 'a',
        '$' => 's',
        _ => '\0',
    };
}
