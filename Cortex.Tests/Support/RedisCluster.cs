using Cortex.Tests.Cluster;
using StackExchange.Redis;

namespace Cortex.Tests.Support;

/// <summary>A three-node <see cref="LocalRedisCluster"/> as an xunit fixture: one cluster per test class (or app fixture).</summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private LocalRedisCluster _cluster = null!;

    public IReadOnlyList<int> Ports => _cluster.Ports;

    /// <summary>Every node, comma-separated: what StackExchange.Redis (and the app's <c>ConnectionStrings:redis</c>) takes.</summary>
    public string ConnectionString => _cluster.ConnectionString;

    public ConnectionMultiplexer Connection => _cluster.Connection;

    public IDatabase Database => Connection.GetDatabase();

    public async Task InitializeAsync() => _cluster = await LocalRedisCluster.StartAsync();

    /// <summary>The node that serves <paramref name="key"/>'s slot.</summary>
    public System.Net.EndPoint NodeOf(RedisKey key) => _cluster.NodeOf(key);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
