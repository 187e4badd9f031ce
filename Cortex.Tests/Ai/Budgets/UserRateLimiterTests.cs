using Cortex.Ai;
using Cortex.Ai.Budgets;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Cortex.Tests.Ai.Budgets;

/// <summary>
/// The window runs on Redis's clock, so these tests wait in real time: short windows, and bounds
/// with room for a loaded machine.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class UserRateLimiterTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private static readonly RateLimitPolicy TenPerMinute = new(10, TimeSpan.FromSeconds(60));
    private IConnectionMultiplexer _redis = null!;
    private RedisKeys _keys = null!;

    public async Task InitializeAsync() => (_redis, _keys) = await AiRedis.ConnectAsync(fixture, nameof(UserRateLimiterTests));

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private UserRateLimiter Limiter => new(_redis, _keys);

    [Fact]
    public async Task The_tenth_call_is_allowed_and_the_eleventh_is_refused_until_the_first_leaves_the_window()
    {
        const ulong user = 1001;
        for (var call = 1; call <= 10; call++)
        {
            var decision = await Limiter.TryAcquireAsync(user, TenPerMinute);
            Assert.True(decision.Allowed, $"call {call} should be allowed");
            Assert.Equal(call, decision.CallsInWindow);
        }

        var eleventh = await Limiter.TryAcquireAsync(user, TenPerMinute);
        Assert.False(eleventh.Allowed);
        Assert.Equal(10, eleventh.CallsInWindow);
        Assert.InRange(eleventh.RetryAfter, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_window_slides_one_call_at_a_time_rather_than_resetting_on_a_fixed_boundary()
    {
        const ulong user = 1002;
        var twoPerThreeSeconds = new RateLimitPolicy(2, TimeSpan.FromSeconds(3));
        // Brackets the two calls: on a loaded machine the 1.5 s delay can run long, which moves the second call later.
        var firstToSecond = System.Diagnostics.Stopwatch.StartNew();
        Assert.True((await Limiter.TryAcquireAsync(user, twoPerThreeSeconds)).Allowed);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True((await Limiter.TryAcquireAsync(user, twoPerThreeSeconds)).Allowed);
        firstToSecond.Stop();

        var refused = await Limiter.TryAcquireAsync(user, twoPerThreeSeconds);
        Assert.False(refused.Allowed);
        // The window is timed on Redis's clock in whole milliseconds, so the 1.5 s measured here may read a millisecond or two short.
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1.51));

        // When the first call leaves, one slot frees, not two: the second call is still in the window.
        await Task.Delay(refused.RetryAfter + TimeSpan.FromMilliseconds(50));
        Assert.True((await Limiter.TryAcquireAsync(user, twoPerThreeSeconds)).Allowed);
        var again = await Limiter.TryAcquireAsync(user, twoPerThreeSeconds);
        Assert.False(again.Allowed);
        // The second call leaves the window no later than the first one's gap after it: never a whole fresh window.
        Assert.InRange(again.RetryAfter, TimeSpan.FromMilliseconds(1), firstToSecond.Elapsed);
    }

    [Fact]
    public async Task Two_replicas_whose_clocks_are_two_hours_apart_share_one_window()
    {
        const ulong user = 1007;
        var now = DateTimeOffset.UtcNow;
        var behind = Replica(new FakeTimeProvider(now - TimeSpan.FromHours(1)));
        var ahead = Replica(new FakeTimeProvider(now + TimeSpan.FromHours(1)));
        for (var call = 0; call < 5; call++)
        {
            Assert.True((await behind.TryAcquireAsync(user, TenPerMinute)).Allowed);
            Assert.True((await ahead.TryAcquireAsync(user, TenPerMinute)).Allowed);
        }

        // On the replicas' own clocks the fast one would prune the slow one's calls as an hour old.
        Assert.False((await ahead.TryAcquireAsync(user, TenPerMinute)).Allowed);
        Assert.False((await behind.TryAcquireAsync(user, TenPerMinute)).Allowed);
        Assert.Equal(10, await _redis.GetDatabase().SortedSetLengthAsync(_keys.UserCalls(user)));
    }

    [Fact]
    public async Task Fifty_concurrent_calls_take_exactly_ten_slots()
    {
        const ulong user = 1003;
        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Limiter.TryAcquireAsync(user, TenPerMinute))));

        Assert.Equal(10, decisions.Count(d => d.Allowed));
        Assert.Equal(10, await _redis.GetDatabase().SortedSetLengthAsync(_keys.UserCalls(user)));
    }

    [Fact]
    public async Task The_window_key_always_carries_an_expiry()
    {
        const ulong user = 1004;
        await Limiter.TryAcquireAsync(user, TenPerMinute);

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(_keys.UserCalls(user));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Users_have_separate_windows()
    {
        for (var call = 0; call < 10; call++)
        {
            await Limiter.TryAcquireAsync(1005, TenPerMinute);
        }

        Assert.False((await Limiter.TryAcquireAsync(1005, TenPerMinute)).Allowed);
        Assert.True((await Limiter.TryAcquireAsync(1006, TenPerMinute)).Allowed);
    }

    // A replica as the worker wires one, with its own (skewed) clock on offer to whatever wants a clock.
    private UserRateLimiter Replica(TimeProvider clock)
    {
        var services = new ServiceCollection().AddSingleton(clock).AddSingleton(_redis).AddSingleton(_keys).BuildServiceProvider();
        return ActivatorUtilities.CreateInstance<UserRateLimiter>(services);
    }
}
