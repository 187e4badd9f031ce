using Cortex.Discord.Rest;

namespace Cortex.Tests.Discord.Rest;

/// <summary>Every interaction has its own bucket key; the buckets kept in memory stay bounded.</summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class RateLimitBucketBoundTests
{
    private const int Capacity = 1_000;

    [Fact]
    public void A_million_interactions_keep_at_most_the_capacity_of_buckets_and_little_memory()
    {
        var buckets = new RateLimitBuckets(TimeProvider.System, Capacity);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var most = 0;
        for (ulong i = 1; i <= 1_000_000; i++)
        {
            var token = "token-" + i;
            buckets.For(DiscordRoutes.InteractionCallback(i, token));
            buckets.For(DiscordRoutes.CreateFollowup(42, token));
            most = Math.Max(most, buckets.Count);
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(most <= Capacity, $"held {most} buckets, capacity {Capacity}");
        Assert.True(grown < 16 * 1024 * 1024, $"retained {grown / 1024} KiB after a million interactions");
    }

    [Fact]
    public void A_follow_up_shares_its_token_bucket_and_the_key_never_holds_the_token()
    {
        var buckets = new RateLimitBuckets(TimeProvider.System, Capacity);
        const string token = "aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu";

        var first = buckets.For(DiscordRoutes.CreateFollowup(42, token));
        var edit = buckets.For(DiscordRoutes.CreateFollowup(42, token));

        Assert.Same(first, edit);
        Assert.DoesNotContain(token, first.Key, StringComparison.Ordinal);
        Assert.DoesNotContain(token, buckets.For(DiscordRoutes.Followup(HttpMethod.Patch, 42, token, 7)).Key, StringComparison.Ordinal);
        Assert.NotSame(first, buckets.For(DiscordRoutes.CreateFollowup(42, token + "x")));
    }

    [Fact]
    public async Task A_bucket_in_use_is_never_dropped_however_many_others_come()
    {
        var buckets = new RateLimitBuckets(TimeProvider.System, Capacity);
        var busy = buckets.For(DiscordRoutes.CreateMessage(1));
        using (await busy.EnterAsync(CancellationToken.None))
        {
            for (ulong i = 2; i < 10 * Capacity; i++)
            {
                buckets.For(DiscordRoutes.CreateMessage(i));
            }

            Assert.Same(busy, buckets.For(DiscordRoutes.CreateMessage(1)));
        }

        Assert.True(busy.IsIdle);
    }
}

/// <summary>
/// Retained memory is read process-wide (<see cref="GC.GetTotalMemory"/>): a test that measures it runs
/// alone, or every other test class running beside it counts as its growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurements";
}
