using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cortex.Tests.Economy;

/// <summary>
/// A redis-server of the test's own, so a test can kill it without touching the shared fixture's.
/// Append-only persistence in its own folder, so a restart brings the old (possibly stale) data back.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private Process? _process;

    private readonly string _appendFsync;

    private RedisServerProcess(int port, string directory, string appendFsync)
    {
        Port = port;
        Directory = directory;
        _appendFsync = appendFsync;
    }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    /// <param name="appendFsync">
    /// <c>always</c> (the default here: a crash loses nothing) or <c>everysec</c> (what the app's local mode runs:
    /// a crash may lose the last second, a clean stop nothing).
    /// </param>
    public static async Task<RedisServerProcess> StartAsync(string appendFsync = "always")
    {
        var directory = Path.Combine(Path.GetTempPath(), "cortex-redis-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new RedisServerProcess(FreePort(), directory, appendFsync);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port and data folder.</summary>
    public async Task RestartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Directory,
                "--appendonly", "yes", "--appendfsync", _appendFsync, "--save", "", "--daemonize", "no",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("redis-server did not start.");
    }

    /// <summary>SIGTERM, as an operator's restart: Redis writes and syncs its append-only file, then exits.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>SIGKILL: no shutdown, no final save, like a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
