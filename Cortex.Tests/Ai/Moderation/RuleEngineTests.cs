using Cortex.Ai.Moderation.Rules;

namespace Cortex.Tests.Ai.Moderation;

public sealed class RuleEngineTests
{
    private static readonly RuleSet Rules = new()
    {
        BlockedTerms = ["cunt", "badword", "kill yourself"],
        AllowedInviteCodes = ["cortex"],
        Patterns = [new CustomPattern("crypto scam", @"free\s+nitro", 3)],
    };

    private static RuleMatch? Evaluate(string content) => new CompiledRuleSet(Rules).Evaluate(content);

    [Theory]
    [InlineData("you are a badword")]
    [InlineData("BADWORD!!!")]
    [InlineData("b a d w o r d")]
    [InlineData("b.a.d.w.o.r.d")]
    [InlineData("b4dw0rd")]
    [InlineData("baaaadwooord")]
    [InlineData("bаdwоrd")] // Cyrillic а and о
    [InlineData("bad\u200Bword")] // zero-width space inside the word
    [InlineData("b@dword")]
    [InlineData("please KILL    yourself")]
    [InlineData("ｂａｄｗｏｒｄ")] // full-width
    [InlineData("bádwörd")] // diacritics
    [InlineData("B.A.D.W.O.R.D")]
    public void Blocked_terms_are_found_through_case_spacing_and_look_alikes(string content)
    {
        var match = Evaluate(content);

        Assert.NotNull(match);
        Assert.Equal(RuleKind.BlockedTerm, match.Kind);
    }

    [Theory]
    [InlineData("I grew up in Scunthorpe")]
    [InlineData("badwords are not the same word")]
    [InlineData("a perfectly ordinary message")]
    [InlineData("I will kill the process yourself")]
    [InlineData("hello!")]
    public void Words_that_merely_contain_a_term_are_not_flagged(string content)
    {
        Assert.Null(Evaluate(content));
    }

    [Theory]
    [InlineData("join discord.gg/abc123 now", "abc123")]
    [InlineData("https://discord.com/invite/xyz-9", "xyz-9")]
    [InlineData("discordapp.com/invite/Zz99", "Zz99")]
    [InlineData("discord . gg / spaced", "spaced")]
    [InlineData("dsc.gg/short", "short")]
    public void Invites_to_other_servers_are_found(string content, string code)
    {
        var match = Evaluate(content);

        Assert.Equal(new RuleMatch(RuleKind.Invite, code, 2), match);
    }

    [Fact]
    public void The_guilds_own_invites_stay_allowed()
    {
        Assert.Null(Evaluate("come to discord.gg/cortex"));
    }

    [Fact]
    public void Mass_mentions_are_found_at_the_threshold_and_not_below()
    {
        var four = string.Join(' ', Enumerable.Range(0, 4).Select(i => $"<@{100000000000000000 + i}>"));

        Assert.Null(Evaluate(four));
        Assert.Equal(RuleKind.MassMention, Evaluate(four + " @everyone")!.Kind);
        Assert.Equal(RuleKind.MassMention, Evaluate(four + " <@&200000000000000000>")!.Kind);
    }

    [Fact]
    public void Custom_patterns_carry_their_own_severity_and_the_most_severe_rule_wins()
    {
        Assert.Equal(new RuleMatch(RuleKind.CustomPattern, "crypto scam", 3), Evaluate("get FREE   nitro here"));
        Assert.Equal(3, Evaluate("free nitro, badword")!.Severity);
    }

    [Fact]
    public void A_catastrophic_custom_pattern_times_out_instead_of_stalling()
    {
        var rules = new RuleSet { Patterns = [new CustomPattern("evil", "(a+)+$", 4)] };
        var started = System.Diagnostics.Stopwatch.StartNew();

        var match = new CompiledRuleSet(rules).Evaluate(new string('a', 40) + "!");

        Assert.Null(match);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
    }

    [Fact]
    public void Thousands_of_terms_match_exactly_like_a_short_list()
    {
        var terms = Enumerable.Range(0, 5000).Select(i => $"term{i:x}zz").Append("badword").ToList();
        var big = new CompiledRuleSet(new RuleSet { BlockedTerms = terms });

        Assert.Equal("badword", big.Evaluate("what a b a d w o r d")!.Detail);
        Assert.Equal("term1f3zz", big.Evaluate("x term1f3zz y")!.Detail);
        // Repeated letters squeeze ("zzz" is "z"), so only other letters make other words.
        Assert.Null(big.Evaluate("term1f3zzq and xterm1f3zz are other words"));
    }

    [Theory]
    [InlineData("what an ass", "ass")]
    [InlineData("ASS!", "ass")]
    [InlineData("a s s", "ass")]
    [InlineData("asssss", "ass")]
    [InlineData("baaaad", "bad")]
    [InlineData("badword", "badword")]
    [InlineData("such a bad badword", "bad")]
    public void A_repeated_letter_may_stand_for_one_but_a_double_letter_needs_two(string content, string term)
    {
        var rules = new CompiledRuleSet(new RuleSet { BlockedTerms = ["ass", "bad", "badword", "kill yourself"] });

        Assert.Equal(term, rules.Evaluate(content)?.Detail);
    }

    [Theory]
    [InlineData("as long as it works")]
    [InlineData("a bass and a class")]
    [InlineData("kill your self-doubt")]
    [InlineData("ba d")]
    public void Words_that_only_look_like_a_term_once_squeezed_are_not_flagged(string content)
    {
        var rules = new CompiledRuleSet(new RuleSet { BlockedTerms = ["ass", "bad", "kill yourself"] });

        Assert.Null(rules.Evaluate(content));
    }

    [Fact]
    public void The_engine_rebuilds_a_guilds_rules_only_when_they_change()
    {
        var engine = new RuleEngine();
        var first = new RuleSet { BlockedTerms = ["alpha"] };

        Assert.NotNull(engine.Evaluate(1, first, "alpha"));
        Assert.Null(engine.Evaluate(1, first with { BlockedTerms = ["beta"] }, "alpha"));
        Assert.NotNull(engine.Evaluate(1, new RuleSet { BlockedTerms = ["beta"] }, "beta"));
        Assert.Null(engine.Evaluate(2, new RuleSet(), "alpha"));
    }
}
