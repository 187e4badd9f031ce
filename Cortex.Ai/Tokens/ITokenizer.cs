namespace Cortex.Ai.Tokens;

/// <summary>
/// The one seam between Cortex and a BPE tokenizer. Everything that counts tokens goes through it,
/// so swapping the library (see docs/benchmarks.md) touches one class.
/// </summary>
public interface ITokenizer
{
    /// <summary>The BPE encoding, e.g. o200k_base. Stored with every counted message.</summary>
    string EncodingName { get; }

    /// <summary>Tokens in <paramref name="text"/>; special-token markers in user text count as plain text.</summary>
    int CountTokens(string text);

    /// <summary>The longest prefix of <paramref name="text"/> that fits in <paramref name="maxTokens"/>.</summary>
    string Truncate(string text, int maxTokens);
}
