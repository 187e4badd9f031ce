using System.Diagnostics.Metrics;
using Cortex.Economy;
using Cortex.Economy.Caching;
using Cortex.Economy.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Tests.Economy;

/// <summary>The economy's in-process maps keyed by accounts and stream entries hold at most their capacity.</summary>
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

    [Fact]
    public void A_million_failing_stream_entries_keep_at_most_the_capacity_of_failure_counts()
    {
        var failures = new DeliveryFailures(10_000, TimeSpan.FromMinutes(3), new FakeTimeProvider());
        var most = 0;
        for (var entry = 0; entry < 1_000_000; entry++)
        {
            failures.Record($"{entry}-0");
            most = Math.Max(most, failures.Count);
        }

        Assert.True(most <= 10_000, $"held {most} failure counts");
    }

    [Fact]
    public void An_entry_failing_again_counts_up_until_it_is_forgotten()
    {
        var time = new FakeTimeProvider();
        var failures = new DeliveryFailures(100, TimeSpan.FromMinutes(3), time);
        Assert.Equal(1, failures.Record("1-0"));
        Assert.Equal(2, failures.Record("1-0"));

        time.Advance(TimeSpan.FromMinutes(4)); // taken over by another replica, never seen here again
        Assert.Equal(1, failures.Record("1-0"));
        failures.Forget("1-0");
        Assert.Equal(0, failures.Count);
    }
}
