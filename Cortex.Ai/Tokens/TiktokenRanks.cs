using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Cortex.Ai.Tokens;

/// <summary>
/// Builds Microsoft.ML.Tokenizers' tiktoken BPE from the ranks its data packages embed, with no
/// special tokens: the library's own <c>CreateForModel</c> turns "&lt;|endoftext|&gt;" typed by a user
/// into one special token, where the API (and SharpToken with empty sets) counts it as plain text.
/// The split patterns are tiktoken's, which the library also uses.
/// </summary>
internal static class TiktokenRanks
{
    private const string O200kPattern =
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private const string Cl100kPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static TiktokenTokenizer Load(string encodingName)
    {
        var (assembly, pattern) = encodingName switch
        {
            "o200k_base" => ("Microsoft.ML.Tokenizers.Data.O200kBase", O200kPattern),
            "cl100k_base" => ("Microsoft.ML.Tokenizers.Data.Cl100kBase", Cl100kPattern),
            _ => throw new ArgumentOutOfRangeException(nameof(encodingName), encodingName, "Cortex ships o200k_base and cl100k_base."),
        };

        using var deflated = Assembly.Load(assembly).GetManifestResourceStream($"{encodingName}.tiktoken.deflate")
            ?? throw new InvalidOperationException($"{assembly} does not embed {encodingName}.tiktoken.deflate.");
        using var ranks = new DeflateStream(deflated, CompressionMode.Decompress);
        var split = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), specialTokens: null);
        return TiktokenTokenizer.Create(ranks, split, normalizer: null, specialTokens: new Dictionary<string, int>());
    }
}
