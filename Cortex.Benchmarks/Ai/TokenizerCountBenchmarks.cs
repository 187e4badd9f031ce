using BenchmarkDotNet.Attributes;
using Cortex.Ai.Tokens;
using SharpToken;

namespace Cortex.Benchmarks.Ai;

/// <summary>
/// Counting o200k_base tokens for every message of a corpus: SharpToken (the reference the tests
/// compare against) and Cortex's <see cref="MlTokenizer"/> (Microsoft.ML.Tokenizers, what the worker uses). The npm <c>tiktoken</c> package runs the same corpus in
/// Ai/node/bench.mjs. Set-up fails when the libraries disagree on any message's count.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TokenizerCountBenchmarks
{
    private static readonly HashSet<string> NoSpecialTokens = [];
    private string[] _lines = [];
    private GptEncoding _sharpToken = null!;
    private MlTokenizer _mlTokenizer = null!;

    [Params("english", "multilingual")]
    public string Corpus { get; set; } = "english";

    [GlobalSetup]
    public void Setup()
    {
        _lines = Ai.Corpus.Lines(Corpus);
        _sharpToken = GptEncoding.GetEncoding("o200k_base");
        _mlTokenizer = new MlTokenizer("o200k_base");
        foreach (var line in _lines)
        {
            var (sharp, ml) = (_sharpToken.CountTokens(line, NoSpecialTokens, NoSpecialTokens), _mlTokenizer.CountTokens(line));
            if (sharp != ml)
            {
                throw new InvalidOperationException($"Counts differ ({sharp} vs {ml}) for: {line}");
            }
        }

        Console.WriteLine($"// {Corpus}: {_lines.Length} messages, {SharpToken()} tokens (identical in both libraries)");
    }

    [Benchmark(Baseline = true)]
    public int SharpToken()
    {
        var total = 0;
        foreach (var line in _lines)
        {
            total += _sharpToken.CountTokens(line, NoSpecialTokens, NoSpecialTokens);
        }

        return total;
    }

    [Benchmark]
    public int CortexMlTokenizer()
    {
        var total = 0;
        foreach (var line in _lines)
        {
            total += _mlTokenizer.CountTokens(line);
        }

        return total;
    }
}
