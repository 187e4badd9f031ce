using System.Diagnostics.Metrics;
using Cortex.Economy;
using Cortex.Economy.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Economy;

/// <summary>The economy's in-process maps keyed by accounts hold at most their capacity.</summary>
public sealed class RepairQueueBoundTests
{
    [Fact]
    public void A_million_accounts_in_a_million_guilds_queue_at_most_twice_the_capacity_and_the_rest_is_counted()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new EconomyMetrics(services.GetRequiredService<IMeterFactory>());
        using var dropped = new MetricCounter(metrics, "cortex.economy.cache.repairs_dropped");
        var repairs = new PendingCacheRepairs(Options.Create(new CachingOptions { MaxPendingRepairs = 10_000 }), metrics);

        for (long account = 1; account <= 1_000_000; account++)
        {
            repairs.Enqueue(account, account);
        }

        Assert.Equal(20_000, repairs.Count);
        Assert.Equal(1_000_000 - 20_000, dropped.Value);
    }

    [Fact]
    public void Past_the_capacity_an_account_is_repaired_through_its_guild_and_the_guild_is_queued_once()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new EconomyMetrics(services.GetRequiredService<IMeterFactory>());
        var repairs = new PendingCacheRepairs(Options.Create(new CachingOptions { MaxPendingRepairs = 2 }), metrics);

        repairs.Enqueue(1, 1);
        repairs.Enqueue(1, 2);
        for (long user = 3; user <= 1_000; user++)
        {
            repairs.Enqueue(7, user);
        }

        Assert.Equal(3, repairs.Count);
        Assert.Equal([7L], repairs.Guilds());
    }
}
