using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Cortex.Tests.Support;

/// <summary>
/// A throw-away redis-server from the machine's packages on a free loopback port, one per test class: started with
/// <see cref="StartAsync"/> or as an xunit class fixture. <see cref="StartPersistentAsync"/> keeps an append-only file in
/// a folder of its own, so a test can kill it like a crash (<see cref="KillAsync"/>) and start it again with the old,
/// possibly stale, data (<see cref="RestartAsync"/>) without touching anyone else's server.
/// </summary>
public sealed class RedisServer : IAsyncLifetime, IAsyncDisposable
{
    private string? _directory;
    private string _appendFsync = "always";
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>Clients keep retrying while the server is down (a persistent one is killed and restarted by its test).</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    /// <summary>The test's own connection, open from start.</summary>
    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public IDatabase Database => Connection.GetDatabase();

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.InitializeAsync();
        return server;
    }

    /// <summary>A server that writes every change to an append-only file, so a restart brings its data back.</summary>
    /// <param name="appendFsync">
    /// <c>always</c> (the default here: a crash loses nothing) or <c>everysec</c> (what the app's local mode runs:
    /// a crash may lose the last second, a clean stop nothing).
    /// </param>
    public static async Task<RedisServer> StartPersistentAsync(string appendFsync = "always")
    {
        var server = new RedisServer
        {
            _directory = Path.Combine(Path.GetTempPath(), "cortex-redis-" + Guid.NewGuid().ToString("N")[..8]),
            _appendFsync = appendFsync,
        };
        Directory.CreateDirectory(server._directory);
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        Port = LoopbackPort.Free();
        _process = RedisProcess.Launch(Port, Persistence());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},abortConnect=true,connectTimeout=1000");
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                // Another process can take the free port between LoopbackPort.Free and redis-server's bind: that server exits, so start
                // another on a new port rather than waiting on a dead one.
                if (_process.HasExited)
                {
                    _process.Dispose();
                    Port = LoopbackPort.Free();
                    _process = RedisProcess.Launch(Port, Persistence());
                }

                await Task.Delay(50);
            }
        }
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

    /// <summary>
    /// SIGSTOP for <paramref name="duration"/>, then SIGCONT: a Redis that hangs with its connections open (a long fork,
    /// a stalled disk). Commands already written get no answer, so clients time out on them (a <c>RedisTimeoutException</c>),
    /// where a stopped server closes the socket and fails them as connection errors.
    /// </summary>
    public async Task FreezeAsync(TimeSpan duration)
    {
        var id = (_process ?? throw new InvalidOperationException("redis-server is not running.")).Id.ToString(CultureInfo.InvariantCulture);
        using (var stop = Process.Start("kill", ["-STOP", id]))
        {
            await stop.WaitForExitAsync();
        }

        await Task.Delay(duration);
        using var resume = Process.Start("kill", ["-CONT", id]);
        await resume.WaitForExitAsync();
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

    /// <summary>Starts again on the same port (and, when persistent, the same data folder).</summary>
    public async Task RestartAsync()
    {
        _process = RedisProcess.Launch(Port, Persistence());
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

        throw new InvalidOperationException("redis-server did not start again.");
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        await KillAsync();
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    // Later arguments win: a persistent server appends every write (fsync always) to a file in its own folder.
    private string[] Persistence() =>
        _directory is null ? [] : ["--dir", _directory, "--appendonly", "yes", "--appendfsync", _appendFsync];
}
