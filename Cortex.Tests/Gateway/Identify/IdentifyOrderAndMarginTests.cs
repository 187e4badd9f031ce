using System.Diagnostics;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Identify;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Metrics;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Gateway.Identify;

/// <summary>
/// The Redis identify gate on its own, against a real redis-server: shards of one bucket identify in shard
/// order whatever order they arrive in, and the bucket's window runs from the IDENTIFY as sent, not the grant.
/// </summary>
public sealed class IdentifyOrderAndMarginTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);
    private RedisServer _redis = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Shards_of_a_bucket_are_granted_in_shard_order_whatever_order_they_arrive_in()
    {
        var gate = Gate("order");
        await gate.WaitAsync(100, CancellationToken.None);

        var granted = new List<int>();
        var waits = new List<Task>();
        foreach (var shard in new[] { 5, 3, 1, 4, 2, 0 })
        {
            waits.Add(GrantAsync(shard));
            await Task.Delay(20);
        }

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([0, 1, 2, 3, 4, 5], granted);

        async Task GrantAsync(int shard)
        {
            await gate.WaitAsync(shard, CancellationToken.None);
            lock (granted)
            {
                granted.Add(shard);
            }
        }
    }

    [Fact]
    public async Task The_next_grant_keeps_the_interval_from_an_identify_sent_late()
    {
        var gate = Gate("margin");
        await gate.WaitAsync(0, CancellationToken.None);

        // The IDENTIFY goes out late after its grant, as under load; the window restarts from the send.
        await Task.Delay(Interval / 2);
        var sent = Stopwatch.GetTimestamp();
        await gate.IdentifySentAsync(0, CancellationToken.None);

        await gate.WaitAsync(1, CancellationToken.None);
        var sinceSend = Stopwatch.GetElapsedTime(sent);
        Assert.True(sinceSend >= Interval - TimeSpan.FromMilliseconds(5), $"the next grant came {sinceSend.TotalMilliseconds} ms after the IDENTIFY was sent (window {Interval.TotalMilliseconds} ms)");
    }

    [Fact]
    public async Task A_slot_granted_again_after_it_lapsed_is_not_stolen_by_a_late_send()
    {
        var gate = Gate("lapsed");
        await gate.WaitAsync(0, CancellationToken.None);
        await Task.Delay(Interval + TimeSpan.FromMilliseconds(100));
        await gate.WaitAsync(1, CancellationToken.None);

        await gate.IdentifySentAsync(0, CancellationToken.None);

        Assert.Equal("replica-a:1", (string?)await _redis.Database.StringGetAsync("lapsed:{identify}:bucket:0"));
    }

    private RedisIdentifyGate Gate(string prefix)
    {
        var options = new GatewayOptions { KeyPrefix = prefix + ":", IdentifyInterval = Interval, ReplicaId = "replica-a", SessionStartReserve = 0 };
        options.ResolveReplicaId();
        return new RedisIdentifyGate(
            _redis.Connection,
            Options.Create(options),
            new GatewayKeys(prefix + ":"),
            new GatewayMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            TimeProvider.System,
            NullLogger<RedisIdentifyGate>.Instance)
        { MaxConcurrency = 1 };
    }
}
