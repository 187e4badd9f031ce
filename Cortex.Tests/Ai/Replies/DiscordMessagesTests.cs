using Cortex.Ai.Replies;

namespace Cortex.Tests.Ai.Replies;

public sealed class DiscordMessagesTests
{
    [Fact]
    public void A_short_answer_is_one_message()
    {
        Assert.Equal(["hello"], DiscordMessages.Split("  hello \n"));
    }

    [Fact]
    public void A_long_answer_is_split_on_line_boundaries_within_the_limit()
    {
        var paragraph = string.Join(' ', Enumerable.Repeat("word", 150)); // 749 characters
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 4));

        var parts = DiscordMessages.Split(text);

        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, DiscordMessages.MaxContentLength));
        Assert.Equal(text.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal),
            string.Concat(parts).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_longer_than_three_messages_is_trimmed_with_an_ellipsis()
    {
        var parts = DiscordMessages.Split(new string('x', 10_000));

        Assert.Equal(DiscordMessages.MaxParts, parts.Count);
        Assert.All(parts, p => Assert.Equal(DiscordMessages.MaxContentLength, p.Length));
        Assert.EndsWith("…", parts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_hard_cut_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 1_999) + "🙂" + new string('b', 100);

        var parts = DiscordMessages.Split(text);

        Assert.Equal(1_999, parts[0].Length);
        Assert.StartsWith("🙂", parts[1], StringComparison.Ordinal);
    }
}
