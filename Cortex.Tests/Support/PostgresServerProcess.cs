using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Cortex.Tests.Support;

/// <summary>
/// A PostgreSQL server of the test's own (Debian's packages, as the postgres user when run as root),
/// so a test can stop, kill and restart it without touching the shared fixture's server.
/// </summary>
public sealed class PostgresServerProcess : IAsyncDisposable
{
    private readonly string _bin;
    private Process? _process;

    private PostgresServerProcess(string bin, string directory, int port)
    {
        _bin = bin;
        Directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database}";

    public static async Task<PostgresServerProcess> StartAsync()
    {
        var bin = System.IO.Directory.GetDirectories("/usr/lib/postgresql").Order().Last() + "/bin";
        var directory = Path.Combine(Path.GetTempPath(), "cortex-pg-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        await RunAsync("chown", "postgres:postgres", directory);
        await RunAsync("runuser", "-u", "postgres", "--", bin + "/initdb", "-D", directory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C");
        var server = new PostgresServerProcess(bin, directory, LoopbackPort.Free());
        await server.RestartAsync();
        return server;
    }

    /// <summary>
    /// A streaming standby of this server on a port of its own: <c>pg_basebackup -R</c> copies the data
    /// folder and writes the replication settings, then it starts in hot standby, replaying what this
    /// server writes from then on. The initdb of <see cref="StartAsync"/> trusts local replication connections.
    /// </summary>
    public async Task<PostgresServerProcess> StartStandbyAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cortex-pg-standby-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        await RunAsync("chown", "postgres:postgres", directory);
        await RunAsync("chmod", "700", directory);
        await RunAsync("runuser", "-u", "postgres", "--", _bin + "/pg_basebackup",
            "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
            "-D", directory, "-R", "-X", "stream", "-c", "fast");
        var standby = new PostgresServerProcess(_bin, directory, LoopbackPort.Free());
        await standby.RestartAsync();
        return standby;
    }

    /// <summary>Starts (again) on the same port and data folder; returns once it accepts queries.</summary>
    public async Task RestartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("runuser")
        {
            ArgumentList =
            {
                "-u", "postgres", "--", _bin + "/postgres", "-D", Directory, "-p", Port.ToString(CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=100",
            },
            RedirectStandardError = true,
        })!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false, Timeout = 2 }.ConnectionString;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("postgres did not start.");
    }

    /// <summary>Fast shutdown (SIGINT to the postmaster): every session is ended, as in a restart or failover.</summary>
    public async Task StopAsync()
    {
        var pidFile = Path.Combine(Directory, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllLinesAsync(pidFile))[0], out var postmaster))
        {
            await RunAsync("kill", "-INT", postmaster.ToString(CultureInfo.InvariantCulture));
        }

        if (_process is not null)
        {
            await _process.WaitForExitAsync();
            _process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {await error}");
        }
    }
}
