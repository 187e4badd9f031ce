using System.Diagnostics;
using Cortex.ServiceDefaults.DiscordRest;
using StackExchange.Redis;

namespace Cortex.Tests.ServiceDefaults.DiscordRest;

/// <summary>
/// What two processes on one token see of the Redis-shared global limit, on whichever Redis the caller gives: one
/// server (<see cref="SharedGlobalLimitTests"/>) or a cluster, where its scripts must stay in one slot.
/// </summary>
public static class GlobalLimitScenarios
{
    /// <summary>10 takes at 5 per second, alternating between the two limiters: the second five wait for the next window.</summary>
    public static async Task TwoLimitersShareOneWindowAsync(IConnectionMultiplexer redis)
    {
        var (first, second) = TwoProcesses(redis, 5);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? first : second).AcquireAsync(CancellationToken.None).AsTask()));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    /// <summary>A slot taken and completed by one, then a global 429 it saw: the other waits the block out.</summary>
    public static async Task ABlockSeenByOneHoldsTheOtherAsync(IConnectionMultiplexer redis)
    {
        var (first, second) = TwoProcesses(redis, 5);
        var slot = await first.AcquireAsync(CancellationToken.None);
        await first.CompleteAsync(slot, CancellationToken.None);

        await first.BlockAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await second.AcquireAsync(CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"took {clock.Elapsed}");
    }

    private static (RedisGlobalRateLimiter First, RedisGlobalRateLimiter Second) TwoProcesses(IConnectionMultiplexer redis, int requestsPerSecond)
    {
        var token = "token-" + Guid.NewGuid().ToString("N");
        return (new RedisGlobalRateLimiter(redis, token, requestsPerSecond, TimeProvider.System),
            new RedisGlobalRateLimiter(redis, token, requestsPerSecond, TimeProvider.System));
    }
}
