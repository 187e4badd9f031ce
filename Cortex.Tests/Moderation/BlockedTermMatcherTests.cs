using Cortex.Ai.Moderation.Rules;

namespace Cortex.Tests.Moderation;

/// <summary>
/// The matcher's trie takes three roads to a child: a table at the root for ASCII, a scan of a few children, a binary
/// search of many. Lists with wide nodes and non-ASCII first letters walk the last two, which small lists never reach.
/// </summary>
public sealed class BlockedTermMatcherTests
{
    // 26 terms under "zq": the node after "zq" has 26 children, past the scan limit.
    private static readonly string[] WideList = [.. Enumerable.Range('a', 26).Select(c => $"zq{(char)c}word")];

    [Theory]
    [InlineData("say zqaword now", "zqaword")]
    [InlineData("ZQMWORD!", "zqmword")]
    [InlineData("it is zqzword", "zqzword")]
    [InlineData("zq word", null)]
    [InlineData("zqwor", null)]
    public void Every_child_of_a_wide_node_is_found(string message, string? expected)
    {
        var matcher = new BlockedTermMatcher(WideList);

        Assert.Equal(expected, Find(matcher, message));
    }

    [Theory]
    [InlineData("これは ばか です", "ばか")]
    [InlineData("ただの ばな", null)]
    [InlineData("дурак", "дурак")]
    public void Terms_starting_outside_ascii_are_found(string message, string? expected)
    {
        var matcher = new BlockedTermMatcher(["ばか", "дурак"]);

        Assert.Equal(expected, Find(matcher, message));
    }

    [Fact]
    public void Duplicate_spellings_count_once()
    {
        var matcher = new BlockedTermMatcher(["bad", "BAD", " bad ", "b@d", "worse"]);

        Assert.Equal(2, matcher.Count);
    }

    private static string? Find(BlockedTermMatcher matcher, string message) =>
        matcher.FindFirst(TextNormalizer.Normalize(message, TextNormalizer.KeepDoubles));
}
