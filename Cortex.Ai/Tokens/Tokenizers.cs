using System.Collections.Concurrent;

namespace Cortex.Ai.Tokens;

/// <summary>
/// The tokenizer for a model. Guilds may choose their model, so this maps model names to BPE
/// encodings and keeps one loaded tokenizer per encoding (loading ranks costs tens of milliseconds).
/// </summary>
public sealed class Tokenizers
{
    private readonly ConcurrentDictionary<string, ITokenizer> _byEncoding = new(StringComparer.Ordinal);
    private readonly Func<string, ITokenizer> _create;

    public Tokenizers() : this(static encoding => new MlTokenizer(encoding))
    {
    }

    public Tokenizers(Func<string, ITokenizer> create) => _create = create;

    public ITokenizer ForModel(string model) => _byEncoding.GetOrAdd(EncodingFor(model), _create);

    /// <summary>
    /// o200k_base for the GPT-4o, GPT-4.1, GPT-5 and o-series families, cl100k_base for GPT-4 and
    /// GPT-3.5. Unknown names get o200k_base: every current OpenAI chat model uses it.
    /// </summary>
    public static string EncodingFor(string model) =>
        model.StartsWith("gpt-4o", StringComparison.OrdinalIgnoreCase)
        || model.StartsWith("gpt-4.1", StringComparison.OrdinalIgnoreCase)
        || model.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase)
        || (model.Length > 1 && model[0] == 'o' && char.IsAsciiDigit(model[1]))
            ? "o200k_base"
            : model.StartsWith("gpt-4", StringComparison.OrdinalIgnoreCase) || model.StartsWith("gpt-3.5", StringComparison.OrdinalIgnoreCase)
                ? "cl100k_base"
                : "o200k_base";
}
