namespace Cortex.Ai.Moderation.Rules;

/// <summary>
/// Full-width Latin letters and digits ("ａｄｍｉｎ") and half-width katakana ("ｵｰﾅｰ") back to their
/// ordinary forms, the part of NFKC that evasion uses. <see cref="string.Normalize()"/> cannot do it:
/// Cortex runs with invariant globalization, where normalization leaves such text as it is.
/// </summary>
internal static class WidthFolding
{
    // U+FF61..U+FF9D as their full-width counterparts (punctuation, then katakana in half-width order).
    private const string HalfWidthKatakana =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

    /// <summary>The text with both forms folded; the same instance when it has neither (most messages).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAnyInRange('\uFF01', '\uFF9F') < 0)
        {
            return text;
        }

        var folded = new char[text.Length];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                folded[length++] = (char)(c - 0xFEE0);
            }
            else if (c is >= '\uFF61' and <= '\uFF9D')
            {
                folded[length++] = HalfWidthKatakana[c - 0xFF61];
            }
            else if (c is '\uFF9E' or '\uFF9F' && length > 0 && Voiced(folded[length - 1], c == '\uFF9F') is { } voiced)
            {
                folded[length - 1] = voiced; // ﾃﾞ → デ, ﾊﾟ → パ
            }
            else
            {
                folded[length++] = c;
            }
        }

        return new string(folded, 0, length);
    }

    // Voiced kana follow their base in the block (カ ガ, キ ギ ...; ハ バ パ ...), so the mark adds 1 or 2.
    private static char? Voiced(char kana, bool semiVoiced) => kana switch
    {
        'ウ' when !semiVoiced => 'ヴ',
        _ when !semiVoiced && "カキクケコサシスセソタチツテト".Contains(kana, StringComparison.Ordinal) => (char)(kana + 1),
        >= 'ハ' and <= 'ホ' when (kana - 'ハ') % 3 == 0 => (char)(kana + (semiVoiced ? 2 : 1)),
        _ => null,
    };
}
