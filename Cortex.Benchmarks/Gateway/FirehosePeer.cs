using System.Diagnostics;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// The peer's npm project (<c>Cortex.Benchmarks/Gateway/node</c>): @discordjs/ws with its optional packages
/// zlib-sync (built by node-gyp: python3, make, g++) and bufferutil. Installed from the lock file on first use,
/// so a clean clone measures the peer at its best without a manual step.
/// </summary>
internal static class FirehosePeer
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "Cortex.Benchmarks", "Gateway", "node");

    public static void EnsureInstalled()
    {
        if (File.Exists(Path.Combine(Directory, "node_modules", "zlib-sync", "build", "Release", "zlib_sync.node"))
            && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "bufferutil"))
            && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@discordjs", "ws")))
        {
            return;
        }

        Console.WriteLine($"installing the peer's npm project in {Directory} (npm ci) ...");
        using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = Directory, UseShellExecute = false })!;
        npm.WaitForExit();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed in {Directory} (exit {npm.ExitCode}); zlib-sync needs python3, make and g++.");
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the harness from inside the repository (Cortex.sln not found above the binaries).");
    }
}
