using System.Diagnostics;
using System.Text.Json;

namespace Cortex.Benchmarks.Moderation;

/// <summary>
/// Maintained profanity lists from npm, installed into <c>Cortex.Benchmarks/Moderation/node</c> by <c>npm ci</c> on first
/// use: badwords-list 1.0.0 (English), french-badwords-list 1.0.7 (French, with its own leetspeak spellings) and
/// naughty-words 1.2.0 for the languages written with spaces between words (Latin and Cyrillic scripts: stage 1
/// matches whole words, so Japanese, Chinese and Thai lists would measure a different rule).
/// </summary>
internal static class WordLists
{
    public static readonly string[] NaughtyWordsLanguages = ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "tr"];

    private static string Directory { get; } = Path.Combine(Gateway.FirehosePeer.RepositoryRoot(), "Cortex.Benchmarks", "Moderation", "node");

    /// <summary>Every term of the lists, trimmed, once each (ordinal), in list order.</summary>
    public static IReadOnlyList<string> Load()
    {
        EnsureInstalled();
        var modules = Path.Combine(Directory, "node_modules");
        var terms = new List<string>();
        terms.AddRange(JsModuleArray(Path.Combine(modules, "badwords-list", "lib", "array.js")));
        terms.AddRange(JsModuleArray(Path.Combine(modules, "french-badwords-list", "dist", "array.js")));
        foreach (var language in NaughtyWordsLanguages)
        {
            terms.AddRange(JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(modules, "naughty-words", language + ".json")))!);
        }

        return [.. terms.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    // The packages ship `module.exports = [ ...JSON array... ]`.
    private static string[] JsModuleArray(string path)
    {
        var text = File.ReadAllText(path);
        var start = text.IndexOf('[', StringComparison.Ordinal);
        var end = text.LastIndexOf(']');
        return JsonSerializer.Deserialize<string[]>(text[start..(end + 1)])!;
    }

    private static void EnsureInstalled()
    {
        if (File.Exists(Path.Combine(Directory, "node_modules", "naughty-words", "en.json"))
            && File.Exists(Path.Combine(Directory, "node_modules", "badwords-list", "lib", "array.js"))
            && File.Exists(Path.Combine(Directory, "node_modules", "french-badwords-list", "dist", "array.js")))
        {
            return;
        }

        Console.WriteLine($"installing the word lists in {Directory} (npm ci) ...");
        using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = Directory, UseShellExecute = false })!;
        npm.WaitForExit();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed in {Directory} (exit {npm.ExitCode}).");
        }
    }
}
