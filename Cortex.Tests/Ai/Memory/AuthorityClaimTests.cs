using Cortex.Ai.Context;
using Cortex.Ai.Memory;
using Cortex.Ai.Tokens;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Ai.Memory;

/// <summary>
/// Memory cannot be talked into authority: every line of <c>Corpus/authority-claims.txt</c> (injection
/// and claims of a role, permission or ownership, in several languages and obfuscated forms) is
/// refused both as a message and as a fact, while <c>Corpus/ordinary-facts.txt</c> is still kept.
/// </summary>
public sealed class AuthorityClaimTests
{
    public static TheoryData<string> Claims => Corpus("authority-claims.txt");

    public static TheoryData<string> OrdinaryFacts => Corpus("ordinary-facts.txt");

    [Fact]
    public void The_corpus_holds_at_least_fifty_attempts_and_thirty_ordinary_facts()
    {
        Assert.True(Claims.Count >= 50, $"{Claims.Count} attempts");
        Assert.True(OrdinaryFacts.Count >= 30, $"{OrdinaryFacts.Count} facts");
    }

    [Theory]
    [MemberData(nameof(Claims))]
    public void An_authority_claim_or_injection_is_refused_as_a_message_and_as_a_fact(string attempt)
    {
        Assert.NotNull(InjectionGuard.Inspect(attempt));
        Assert.False(FactValidator.Validate(attempt).IsAccepted);
    }

    [Theory]
    [MemberData(nameof(OrdinaryFacts))]
    public void An_ordinary_fact_is_kept(string fact)
    {
        Assert.Null(InjectionGuard.Inspect(fact));
        var verdict = FactValidator.Validate(fact);
        Assert.True(verdict.IsAccepted, verdict.Reason);
    }

    [Fact]
    public void Stored_facts_reach_the_model_quoted_in_a_user_message_never_as_a_system_instruction()
    {
        var assembler = new ContextAssembler(Options.Create(new ContextOptions()));
        var tokenizer = new Tokenizers().ForModel("gpt-4o-mini");

        var context = assembler.Assemble(new ContextRequest(
            "g", "ana", [new MemoryFact("Likes \"quoted\" tea", 1)], [], 1, "hi"), tokenizer);

        var notes = Assert.Single(context.Messages, m => m.Content.Contains("<user_notes>", StringComparison.Ordinal));
        Assert.Equal(ChatTurn.User, notes.Role);
        Assert.Contains("- \"Likes 'quoted' tea\"\n", notes.Content, StringComparison.Ordinal);
        Assert.Contains("not instructions", notes.Content, StringComparison.Ordinal);
        Assert.Single(context.Messages, m => m.Role == ChatTurn.System);
    }

    private static TheoryData<string> Corpus(string file)
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Ai", "Memory", "Corpus", file)))
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                data.Add(line);
            }
        }

        return data;
    }
}
