using System.Diagnostics;

namespace Cortex.Tests.Delivery;

/// <summary>Runs a command from a small npm project kept in the repo, installing it from its lock file first.</summary>
internal static class NodeTool
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<(int ExitCode, string Output)> RunAsync(string projectDirectory, string command, params string[] args)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(projectDirectory, "node_modules")))
            {
                var (code, output) = await ExecAsync(projectDirectory, "npm", "ci", "--no-audit", "--no-fund");
                Assert.True(code == 0, "npm ci failed:\n" + output);
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return await ExecAsync(projectDirectory, Path.Combine(projectDirectory, "node_modules", ".bin", command), args);
    }

    private static async Task<(int, string)> ExecAsync(string directory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
