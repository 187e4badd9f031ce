using System.Diagnostics;
using Cortex.Ai.Tokens;
using SharpToken;

namespace Cortex.Benchmarks.Ai;

/// <summary>
/// Start-up cost: the time from nothing loaded to the first count, which only a fresh process can
/// show (both libraries cache their ranks in statics). Ai/startup.sh runs this several times per
/// library, side by side with the npm package, and prints medians.
/// </summary>
public static class TokenizerStartup
{
    public const string Command = "tokenizer-startup";

    public static int Run(string library)
    {
        var started = Stopwatch.GetTimestamp();
        var count = library switch
        {
            "sharptoken" => GptEncoding.GetEncoding("o200k_base").CountTokens("hello world"),
            "ml" => new MlTokenizer("o200k_base").CountTokens("hello world"),
            _ => throw new ArgumentException("library: sharptoken | ml", nameof(library)),
        };
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"{library} {elapsed.TotalMilliseconds:F1} ms (count {count})");
        return 0;
    }
}
