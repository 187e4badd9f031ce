using Cortex.Ai.Tokens;
using SharpToken;

namespace Cortex.Tests.Ai.Tokens;

/// <summary>SharpToken, the reference the production tokenizer (<see cref="MlTokenizer"/>) must agree with.</summary>
public sealed class SharpTokenTokenizer : ITokenizer
{
    // Empty sets: "<|endoftext|>" typed by a user is text to count, not a special token and not an error.
    private static readonly HashSet<string> NoSpecialTokens = [];
    private readonly GptEncoding _encoding;

    public SharpTokenTokenizer(string encodingName)
    {
        _encoding = GptEncoding.GetEncoding(encodingName);
        EncodingName = encodingName;
    }

    public string EncodingName { get; }

    public int CountTokens(string text) => text.Length == 0 ? 0 : _encoding.CountTokens(text, NoSpecialTokens, NoSpecialTokens);

    public string Truncate(string text, int maxTokens)
    {
        if (maxTokens <= 0)
        {
            return "";
        }

        var tokens = _encoding.Encode(text, NoSpecialTokens, NoSpecialTokens);
        if (tokens.Count <= maxTokens)
        {
            return text;
        }

        // A cut can split a multi-byte character across tokens; drop the broken tail rather than emit U+FFFD.
        var prefix = _encoding.Decode(tokens.GetRange(0, maxTokens));
        return prefix.TrimEnd('\uFFFD');
    }
}
