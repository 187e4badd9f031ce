using System.Text;

namespace Cortex.Benchmarks.Moderation;

/// <summary>The ways people spell a blocked word to get past a filter; the corpus uses each in turn.</summary>
internal static class Obfuscation
{
    public static readonly string[] Names = ["plain", "upper", "leetspeak", "spaced", "dotted", "homoglyphs", "full-width", "diacritics", "stretched", "zero-width"];

    public static string Apply(string name, string word) => name switch
    {
        "plain" => word,
        "upper" => word.ToUpperInvariant(),
        "leetspeak" => Map(word, c => c switch { 'a' => '4', 'e' => '3', 'i' => '1', 'o' => '0', 's' => '5', 't' => '7', _ => c }),
        "spaced" => string.Join(' ', word.ToCharArray()),
        "dotted" => string.Join('.', word.ToCharArray()),
        // Cyrillic letters that look Latin.
        "homoglyphs" => Map(word, c => c switch { 'a' => 'а', 'e' => 'е', 'o' => 'о', 'p' => 'р', 'c' => 'с', 'x' => 'х', _ => c }),
        "full-width" => Map(word, c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c),
        "diacritics" => Map(word, c => c switch { 'a' => 'á', 'e' => 'é', 'i' => 'í', 'o' => 'ö', 'u' => 'ü', 'n' => 'ñ', _ => c }),
        "stretched" => Stretch(word),
        "zero-width" => word.Length < 2 ? word : word[..(word.Length / 2)] + "\u200B" + word[(word.Length / 2)..],
        _ => throw new ArgumentException($"Unknown obfuscation {name}.", nameof(name)),
    };

    /// <summary>Whether the obfuscation applies to a term: spelled-out forms only for one word of letters.</summary>
    public static bool Fits(string name, string term) =>
        name is not ("spaced" or "dotted") || (term.Length >= 3 && term.All(char.IsLetter));

    private static string Map(string word, Func<char, char> map) => string.Create(word.Length, word, (span, w) =>
    {
        for (var i = 0; i < w.Length; i++)
        {
            span[i] = map(w[i]);
        }
    });

    // The first vowel tripled: "baaad".
    private static string Stretch(string word)
    {
        var at = word.IndexOfAny(['a', 'e', 'i', 'o', 'u']);
        return at < 0 ? word : new StringBuilder(word).Insert(at, new string(word[at], 2)).ToString();
    }
}
