using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Cortex.Tests.Support;

/// <summary>A throw-away redis-server from the machine's packages on a free loopback port, one per test class.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    public static async Task<RedisServer> StartAsync()
    {
        var port = FreePort();
        var process = Launch(port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true,connectTimeout=1000");
                return new RedisServer(process, port, connection);
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                // Another process can take the free port between FreePort and redis-server's bind: that server exits, so start
                // another on a new port rather than waiting on a dead one.
                if (process.HasExited)
                {
                    process.Dispose();
                    port = FreePort();
                    process = Launch(port);
                }

                await Task.Delay(50);
            }
        }
    }

    /// <summary>A redis-server on <paramref name="port"/>, not persisted, with <paramref name="extra"/> arguments (e.g. cluster mode).</summary>
    public static Process Launch(int port, params string[] extra)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
