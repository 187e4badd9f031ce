using Microsoft.ML.Tokenizers;

namespace Cortex.Ai.Tokens;

/// <summary>
/// Microsoft.ML.Tokenizers' tiktoken BPE: the same counts as SharpToken (the tests compare them on
/// the benchmark corpora) at about twice the speed (docs/benchmarks.md, tokenizer).
/// </summary>
public sealed class MlTokenizer(string encodingName) : ITokenizer
{
    private readonly TiktokenTokenizer _tokenizer = TiktokenRanks.Load(encodingName);

    public string EncodingName { get; } = encodingName;

    public int CountTokens(string text) => text.Length == 0 ? 0 : _tokenizer.CountTokens(text);

    public string Truncate(string text, int maxTokens)
    {
        if (maxTokens <= 0)
        {
            return "";
        }

        // The library stops at a token boundary and says how many characters those tokens cover,
        // so the prefix never ends inside a character.
        _tokenizer.EncodeToIds(text, maxTokens, out _, out var consumed);
        return text[..consumed];
    }
}
