using Cortex.Gateway.Routing;

namespace Cortex.Tests.Gateway.Routing;

/// <summary>A batch's distinct buckets, found in one pass (they size each append call and pick its partitions).</summary>
public sealed class SeenBucketsTests
{
    [Fact]
    public void Each_bucket_is_new_once_in_the_order_it_first_appears()
    {
        int[] buckets = [4, 0, 4, 5, 0, 0, 2, 5, 4];
        var seen = new SeenBuckets(stackalloc bool[SeenBuckets.Size(buckets)]);

        List<int> firsts = [];
        foreach (var bucket in buckets)
        {
            if (seen.Add(bucket))
            {
                firsts.Add(bucket);
            }
        }

        Assert.Equal([4, 0, 5, 2], firsts);
        Assert.Equal(6, SeenBuckets.Size(buckets));
        Assert.Equal(0, SeenBuckets.Size([]));
    }

    [Fact]
    public void Flags_left_set_in_reused_stack_memory_are_cleared()
    {
        Span<bool> memory = [true, true, true];
        var seen = new SeenBuckets(memory);

        Assert.True(seen.Add(1));
        Assert.False(seen.Add(1));
    }
}
