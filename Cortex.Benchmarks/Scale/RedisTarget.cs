using Cortex.Benchmarks.Gateway;
using Cortex.Tests.Cluster;
using StackExchange.Redis;

namespace Cortex.Benchmarks.Scale;

/// <summary>Where the scale run's events go: one redis-server, or a three-node Redis Cluster (<see cref="LocalRedisCluster"/>).</summary>
internal sealed class RedisTarget : IAsyncDisposable
{
    private readonly BenchProcess? _single;
    private readonly LocalRedisCluster? _cluster;

    private RedisTarget(string name, string connectionString, IConnectionMultiplexer connection, BenchProcess? single, LocalRedisCluster? cluster)
    {
        Name = name;
        ConnectionString = connectionString;
        Connection = connection;
        _single = single;
        _cluster = cluster;
    }

    public string Name { get; }

    /// <summary>What the gateways get as <c>ConnectionStrings:redis</c> (a cluster: every node).</summary>
    public string ConnectionString { get; }

    public IConnectionMultiplexer Connection { get; }

    /// <summary>CPU time Redis has used so far, every node's.</summary>
    public TimeSpan Cpu => _single?.Cpu ?? _cluster!.Cpu;

    public static async Task<RedisTarget> OneNodeAsync()
    {
        var (process, connection, port) = await GatewayRig.StartRedisAsync();
        return new RedisTarget("one node", $"127.0.0.1:{port}", connection, process, null);
    }

    public static async Task<RedisTarget> ClusterAsync()
    {
        var cluster = await LocalRedisCluster.StartAsync(3);
        // allowAdmin: Aspire's Redis health check asks a cluster for CLUSTER INFO, an admin command to StackExchange.Redis.
        return new RedisTarget("3-node cluster", cluster.ConnectionString + ",allowAdmin=true", cluster.Connection, null, cluster);
    }

    /// <summary>How many of <paramref name="keys"/> each node serves ("all" on one node).</summary>
    public string Spread(IEnumerable<string> keys) => _cluster is null
        ? "all on one node"
        : string.Join(" / ", keys.GroupBy(key => _cluster.NodeOf(key).ToString()).OrderBy(node => node.Key, StringComparer.Ordinal).Select(node => $"{node.Count()} on {node.Key}"));

    public async ValueTask DisposeAsync()
    {
        if (_single is not null)
        {
            Connection.Dispose();
            await _single.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
