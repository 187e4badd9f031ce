namespace Cortex.Benchmarks.Ai;

/// <summary>
/// The shared corpus: Discord-style chat lines written for these benchmarks, one message a line,
/// English and multilingual (17 scripts, emoji, diacritics). The npm harness reads the same files.
/// </summary>
public static class Corpus
{
    public static string[] Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Ai", "corpus", name + ".txt"))
            .Where(line => line.Length > 0)
            .ToArray();
}
