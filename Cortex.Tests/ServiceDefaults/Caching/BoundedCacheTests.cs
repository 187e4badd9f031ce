using Cortex.ServiceDefaults.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Tests.ServiceDefaults.Caching;

/// <summary>Per-guild and per-user caches hold at most their capacity, whatever the number of keys.</summary>
public sealed class BoundedCacheTests
{
    [Fact]
    public void A_million_guilds_keep_at_most_the_capacity()
    {
        var cache = new BoundedCache<ulong, string>(10_000, TimeProvider.System);
        var most = 0;
        for (ulong guild = 1; guild <= 1_000_000; guild++)
        {
            cache.Set(guild, "settings", TimeSpan.FromMinutes(1));
            most = Math.Max(most, cache.Count);
        }

        Assert.True(most <= 10_000, $"held {most} entries");
        Assert.True(cache.TryGet(1_000_000, out _), "the newest entry is kept");
    }

    [Fact]
    public void Expired_entries_go_before_live_ones_and_are_never_answered()
    {
        var time = new FakeTimeProvider();
        var cache = new BoundedCache<int, int>(100, time);
        for (var i = 0; i < 50; i++)
        {
            cache.Set(i, i, TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(cache.TryGet(0, out _));
        for (var i = 50; i < 101; i++)
        {
            cache.Set(i, i, TimeSpan.FromMinutes(1));
        }

        Assert.True(cache.Count <= 100);
        Assert.All(Enumerable.Range(50, 51), i => Assert.True(cache.TryGet(i, out _), $"live entry {i} kept"));
    }
}
