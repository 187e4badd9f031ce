using System.Diagnostics;
using System.Text.Json;

namespace Cortex.Tests.Emulator.Gateway;

/// <summary>
/// Runs a Node script of <c>tests/fidelity/&lt;folder&gt;</c> against the emulator, installing the folder's
/// npm packages from its lock file first (<c>npm ci</c>; erlpack builds with node-gyp there). The
/// script prints one JSON line per step; the steps are returned in order.
/// </summary>
internal static class FidelityScript
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static async Task<IReadOnlyList<JsonElement>> RunAsync(string folder, string script, string probe, Dictionary<string, string> environment)
    {
        var directory = Path.Combine(Path.GetDirectoryName(DiscordJsFidelityTests.ScriptDirectory)!, folder);
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(directory, "node_modules", probe)))
            {
                var (code, output) = await ExecAsync("npm", "ci --no-audit --no-fund", directory, [], TimeSpan.FromMinutes(5));
                Assert.True(code == 0, $"npm ci in {folder} failed:\n{output}");
            }
        }
        finally
        {
            Install.Release();
        }

        var (exit, text) = await ExecAsync("node", script, directory, environment, TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"{folder}/{script} failed (exit {exit}):\n{text}");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    public static JsonElement Step(IReadOnlyList<JsonElement> steps, string name) =>
        steps.FirstOrDefault(s => s.GetProperty("step").GetString() == name) is { ValueKind: JsonValueKind.Object } step
            ? step
            : throw new Xunit.Sdk.XunitException($"No step '{name}' in: {string.Join("\n", steps)}");

    /// <summary>Runs a process to its end (killed at <paramref name="timeout"/>); its exit code and output.</summary>
    internal static async Task<(int, string)> ExecAsync(string file, string arguments, string directory, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
