using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Cortex.Ai.Moderation.Rules;

namespace Cortex.Benchmarks.Moderation;

/// <summary>Stage-1 cost per message on the real word lists: Cortex's rule engine and its equal-detection regex peers.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RuleEngineBenchmarks
{
    private CompiledRuleSet _cortex = null!;
    private RegexPeer _compiled = null!;
    private RegexPeer _automaton = null!;
    private IReadOnlyList<string> _messages = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _cortex = ModerationCorpus.Cortex();
        _compiled = new RegexPeer(ModerationCorpus.Terms, RegexOptions.Compiled);
        _automaton = new RegexPeer(ModerationCorpus.Terms, RegexOptions.NonBacktracking);
        _messages = ModerationCorpus.Messages;
    }

    [Benchmark(Baseline = true, Description = "normalize + one alternation regex (Compiled)")]
    public bool CompiledRegex() => _compiled.Flags(_messages[_next++ % _messages.Count]);

    [Benchmark(Description = "normalize + one alternation regex (NonBacktracking)")]
    public bool NonBacktrackingRegex() => _automaton.Flags(_messages[_next++ % _messages.Count]);

    [Benchmark(Description = "Cortex stage 1 (span normalizer + trie + invite + mentions)")]
    public RuleMatch? CortexRuleEngine() => _cortex.Evaluate(_messages[_next++ % _messages.Count]);
}
