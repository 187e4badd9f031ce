using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Cortex.Tests.Support;

/// <summary>
/// A local Redis Cluster for a test: three cluster-mode redis-servers (the machine's package) on free loopback ports,
/// each in its own temp folder, joined by <c>redis-cli --cluster create</c> with no replicas, 16384 slots split
/// between them. Ready once every node reports <c>cluster_state:ok</c>.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private const int Nodes = 3;
    private readonly List<Process> _servers = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cortex-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>Every node, comma-separated: what StackExchange.Redis (and the app's <c>ConnectionStrings:redis</c>) takes.</summary>
    public string ConnectionString => string.Join(',', Ports.Select(port => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)));

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public IDatabase Database => Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        Ports = [.. Enumerable.Range(0, Nodes).Select(_ => RedisServer.FreePort())];
        foreach (var port in Ports)
        {
            var folder = Path.Combine(_directory, port.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            _servers.Add(RedisServer.Launch(port, "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(folder, "nodes.conf"), "--dir", folder));
        }

        foreach (var port in Ports)
        {
            await WaitAsync(port, ["ping"], "PONG");
        }

        var create = await CliAsync(["--cluster", "create", .. Ports.Select(port => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)), "--cluster-replicas", "0", "--cluster-yes"]);
        Assert.True(create.Contains("All 16384 slots covered", StringComparison.Ordinal), create);
        foreach (var port in Ports)
        {
            await WaitAsync(port, ["cluster", "info"], "cluster_state:ok");
        }

        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",abortConnect=true,connectTimeout=2000");
        Assert.Equal(Nodes, Connection.GetEndPoints().Length);
    }

    /// <summary>The node that serves <paramref name="key"/>'s slot.</summary>
    public System.Net.EndPoint NodeOf(RedisKey key) => Connection.GetServer(Connection.GetEndPoints()[0]).ClusterConfiguration!.GetBySlot(key)!.EndPoint!;

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        foreach (var server in _servers.Where(server => !server.HasExited))
        {
            server.Kill();
            await server.WaitForExitAsync();
            server.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> CliAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output + await error;
    }

    /// <summary>Asks node <paramref name="port"/> until its answer contains <paramref name="expected"/>.</summary>
    private static async Task WaitAsync(int port, string[] command, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await CliAsync(["-p", port.ToString(CultureInfo.InvariantCulture), .. command])).Contains(expected, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Node {port} did not answer {string.Join(' ', command)} with {expected}.");
            }

            await Task.Delay(100);
        }
    }
}
