using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cortex.Tests.Support;

/// <summary>
/// A redis-server of the test's own, so a test can kill it without touching the shared fixture's.
/// Append-only persistence in its own folder, so a restart brings the old (possibly stale) data back.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private Process? _process;

    private RedisServerProcess(int port, string directory)
    {
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    public static async Task<RedisServerProcess> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cortex-redis-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new RedisServerProcess(FreePort(), directory);
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
                "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
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
