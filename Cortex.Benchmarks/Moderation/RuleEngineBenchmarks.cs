using BenchmarkDotNet.Attributes;
using Cortex.Ai.Moderation.Rules;

namespace Cortex.Benchmarks.Moderation;

/// <summary>Stage-1 cost per message: Cortex's rule engine vs a regex per term, on the same corpus.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RuleEngineBenchmarks
{
    private CompiledRuleSet _cortex = null!;
    private Func<string, bool> _naive = null!;
    private IReadOnlyList<string> _messages = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _cortex = ModerationCorpus.Cortex();
        _naive = ModerationCorpus.NaiveRegexLoop();
        _messages = ModerationCorpus.Messages;
    }

    [Benchmark(Baseline = true, Description = "one regex per term (1,000) + invite regex")]
    public bool NaiveRegexPerTerm() => _naive(_messages[_next++ % _messages.Count]);

    [Benchmark(Description = "Cortex stage 1 (normalize + SearchValues + invite + mentions)")]
    public RuleMatch? CortexRuleEngine() => _cortex.Evaluate(_messages[_next++ % _messages.Count]);
}
