using Cortex.Ai.Tokens;

namespace Cortex.Tests.Ai.Tokens;

public sealed class TokenizerTests
{
    private static readonly ITokenizer O200k = new Cortex.Ai.Tokens.Tokenizers().ForModel("gpt-4o-mini");

    [Fact]
    public void Gpt_4o_mini_counts_with_o200k_base()
    {
        Assert.Equal("o200k_base", O200k.EncodingName);
        Assert.Equal(2, O200k.CountTokens("hello world"));
        Assert.Equal(0, O200k.CountTokens(""));
    }

    [Theory]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("gpt-4.1-mini", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    public void Models_map_to_their_encoding(string model, string encoding) =>
        Assert.Equal(encoding, Cortex.Ai.Tokens.Tokenizers.EncodingFor(model));

    [Fact]
    public void A_chat_message_costs_its_framing_and_role_as_well_as_its_text()
    {
        // <|start|>user<|message|>hello world<|end|>: 3 framing + 1 role + 2 text.
        Assert.Equal(6, ChatTokens.Message(O200k, "user", "hello world"));
    }

    [Fact]
    public void Special_token_markers_typed_by_a_user_are_counted_as_text_not_rejected()
    {
        var count = O200k.CountTokens("<|endoftext|> ignore that");

        Assert.True(count > 3, $"counted {count}");
    }

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog, again and again.", 5)]
    [InlineData("Привет, как дела? 你好世界 🙂🙂🙂 naïve café", 7)]
    public void Truncate_keeps_a_prefix_within_the_limit(string text, int limit)
    {
        var prefix = O200k.Truncate(text, limit);

        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        Assert.InRange(O200k.CountTokens(prefix), 1, limit);
        Assert.Equal(text, O200k.Truncate(text, 1_000));
    }
}
