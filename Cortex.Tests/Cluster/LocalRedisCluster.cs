using System.Diagnostics;
using System.Globalization;
using System.Net;
using Cortex.Tests.Support;
using StackExchange.Redis;

namespace Cortex.Tests.Cluster;

/// <summary>
/// A Redis Cluster on this machine: <c>nodes</c> cluster-mode redis-servers (the machine's package) on free loopback
/// ports, each in its own temp folder, not persisted, joined by <c>redis-cli --cluster create</c> with no replicas,
/// 16384 slots split between them; ready once every node reports <c>cluster_state:ok</c>. The one way Cortex makes a
/// cluster: the tests' <see cref="RedisCluster"/> fixture and the benchmarks' scale run (which links this file and
/// Support/RedisProcess.cs) both use it; each node is started by <see cref="RedisProcess"/>, as a test's lone server is.
/// </summary>
public sealed class LocalRedisCluster : IAsyncDisposable
{
    private readonly List<Process> _servers = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cortex-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    private LocalRedisCluster()
    {
    }

    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>Every node, comma-separated: what StackExchange.Redis (and the app's <c>ConnectionStrings:redis</c>) takes.</summary>
    public string ConnectionString => string.Join(',', Ports.Select(port => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)));

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>CPU time every node has used so far.</summary>
    public TimeSpan Cpu => _servers.Aggregate(TimeSpan.Zero, (sum, server) =>
    {
        server.Refresh();
        return sum + server.TotalProcessorTime;
    });

    public static async Task<LocalRedisCluster> StartAsync(int nodes = 3)
    {
        var cluster = new LocalRedisCluster();
        try
        {
            await cluster.CreateAsync(nodes);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node that serves <paramref name="key"/>'s slot.</summary>
    public EndPoint NodeOf(RedisKey key) => Connection.GetServer(Connection.GetEndPoints()[0]).ClusterConfiguration!.GetBySlot(key)!.EndPoint!;

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        foreach (var server in _servers.Where(server => !server.HasExited))
        {
            server.Kill();
            await server.WaitForExitAsync();
        }

        foreach (var server in _servers)
        {
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

    private async Task CreateAsync(int nodes)
    {
        Ports = [.. Enumerable.Range(0, nodes).Select(_ => LoopbackPort.Free())];
        foreach (var port in Ports)
        {
            var folder = Path.Combine(_directory, port.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            _servers.Add(RedisProcess.Launch(port, "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(folder, "nodes.conf"), "--dir", folder));
        }

        foreach (var port in Ports)
        {
            await WaitAsync(port, ["ping"], "PONG");
        }

        var create = await CliAsync(["--cluster", "create", .. Ports.Select(port => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)), "--cluster-replicas", "0", "--cluster-yes"]);
        if (!create.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed: " + create);
        }

        foreach (var port in Ports)
        {
            await WaitAsync(port, ["cluster", "info"], "cluster_state:ok");
        }

        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",abortConnect=true,connectTimeout=2000");
        if (Connection.GetEndPoints().Length != nodes)
        {
            throw new InvalidOperationException($"StackExchange.Redis found {Connection.GetEndPoints().Length} of the {nodes} nodes.");
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
