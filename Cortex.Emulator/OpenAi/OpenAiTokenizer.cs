using SharpToken;

namespace Cortex.Emulator.OpenAi;

/// <summary>
/// o200k_base, the tokenizer of gpt-4o and gpt-4o-mini, so <c>usage</c> matches what Cortex counts
/// with the same encoding. Prompt tokens follow OpenAI's published formula for chat models:
/// 3 per message, plus its role, content and name (name +1), plus 3 priming the reply.
/// </summary>
public sealed class OpenAiTokenizer
{
    private const int TokensPerMessage = 3;
    private const int TokensPerName = 1;
    private const int ReplyPriming = 3;

    private readonly GptEncoding _encoding = GptEncoding.GetEncoding("o200k_base");

    public int Count(string text) => _encoding.CountTokens(text);

    public int CountPrompt(IEnumerable<(string Role, string Content, string? Name)> messages)
    {
        var total = ReplyPriming;
        foreach (var (role, content, name) in messages)
        {
            total += TokensPerMessage + Count(role) + Count(content);
            if (name is not null)
            {
                total += TokensPerName + Count(name);
            }
        }

        return total;
    }

    /// <summary>The first <paramref name="maxTokens"/> tokens of <paramref name="text"/>, and whether it was cut.</summary>
    public (string Text, bool Truncated) Truncate(string text, int maxTokens)
    {
        var tokens = _encoding.Encode(text);
        return tokens.Count <= maxTokens ? (text, false) : (_encoding.Decode(tokens.Take(maxTokens).ToList()), true);
    }

    /// <summary>Splits text into token-sized pieces, for streamed deltas.</summary>
    public IEnumerable<string> Pieces(string text) => _encoding.Encode(text).Select(token => _encoding.Decode([token]));
}
