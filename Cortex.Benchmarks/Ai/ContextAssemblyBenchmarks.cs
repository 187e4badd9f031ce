using BenchmarkDotNet.Attributes;
using Cortex.Ai.Context;
using Cortex.Ai.History;
using Cortex.Ai.Memory;
using Cortex.Ai.Tokens;
using Microsoft.Extensions.Options;

namespace Cortex.Benchmarks.Ai;

/// <summary>
/// One request's context for a 200-message channel: Cortex's assembler with the counts stored in
/// history, against the seed's way (encode each message again while walking back). Both run the
/// same assembler; the seed variant's entries carry no usable count, so each is re-encoded.
/// </summary>
[MemoryDiagnoser]
public class ContextAssemblyBenchmarks
{
    private readonly ContextAssembler _assembler = new(Options.Create(new ContextOptions()));
    private readonly ITokenizer _tokenizer = new Tokenizers().ForModel("gpt-4o-mini");
    private ContextRequest _stored = null!;
    private ContextRequest _reencoded = null!;
    private ContextRequest _reencodeAll = null!;
    private HistoryEntry[] _history = [];

    [GlobalSetup]
    public void Setup()
    {
        var lines = Corpus.Lines("english").Concat(Corpus.Lines("multilingual")).ToArray();
        _history = Enumerable.Range(0, 200)
            .Select(i =>
            {
                var role = i % 4 == 3 ? ChatTurn.Assistant : ChatTurn.User;
                var content = role == ChatTurn.User ? $"user{i % 9}: {lines[i % lines.Length]}" : lines[i % lines.Length];
                return new HistoryEntry((ulong)(200 - i), role, content, ChatTokens.Message(_tokenizer, role, content), _tokenizer.EncodingName, 200 - i);
            })
            .ToArray(); // newest first
        var facts = new[] { new MemoryFact("Works as a nurse", 3), new MemoryFact("Prefers Rust over Go", 2) };
        _stored = new ContextRequest("Rustaceans", "ana", facts, _history, 999, "how do I keep my bot connected?");
        _reencoded = _stored with { HistoryNewestFirst = [.. _history.Select(e => e with { Encoding = "seed" })] };
        var stored = _assembler.Assemble(_stored, _tokenizer);
        var seed = _assembler.Assemble(_reencoded, _tokenizer);
        if (stored.PromptTokens != seed.PromptTokens || stored.HistoryMessages != seed.HistoryMessages)
        {
            throw new InvalidOperationException("Both ways must build the same context.");
        }

        _reencodeAll = _reencoded;
        Console.WriteLine($"// context: {stored.HistoryMessages} of 200 messages fit, {stored.PromptTokens} prompt tokens");
    }

    [Benchmark(Baseline = true)]
    public int StoredCounts() => _assembler.Assemble(_stored, _tokenizer).PromptTokens;

    [Benchmark]
    public int ReEncodeWhileWalkingBack() => _assembler.Assemble(_reencoded, _tokenizer).PromptTokens;

    /// <summary>The seed's <c>tiktoken.encode(messages)</c> over the whole history, then assembly.</summary>
    [Benchmark]
    public int ReEncodeAllThenAssemble()
    {
        var total = 0;
        foreach (var entry in _history)
        {
            total += ChatTokens.Message(_tokenizer, entry.Role, entry.Content);
        }

        return total + _assembler.Assemble(_reencodeAll, _tokenizer).PromptTokens;
    }
}
