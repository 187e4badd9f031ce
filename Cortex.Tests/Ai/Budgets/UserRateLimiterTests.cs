using Cortex.Ai;
using Cortex.Ai.Budgets;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Cortex.Tests.Ai.Budgets;

[Collection(CortexAppCollection.Name)]
public sealed class UserRateLimiterTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private static readonly RateLimitPolicy TenPerMinute = new(10, TimeSpan.FromSeconds(60));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private IConnectionMultiplexer _redis = null!;
    private RedisKeys _keys = null!;

    public async Task InitializeAsync() => (_redis, _keys) = await AiRedis.ConnectAsync(fixture, nameof(UserRateLimiterTests));

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private UserRateLimiter Limiter => new(_redis, _keys, _time);

    [Fact]
    public async Task The_tenth_call_is_allowed_and_the_eleventh_is_refused_until_the_first_leaves_the_window()
    {
        const ulong user = 1001;
        for (var call = 1; call <= 10; call++)
        {
            var decision = await Limiter.TryAcquireAsync(user, TenPerMinute);
            Assert.True(decision.Allowed, $"call {call} should be allowed");
            Assert.Equal(call, decision.CallsInWindow);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // First call at t=0, now t=10 s: the 11th waits the 50 s left of the first call's window.
        var eleventh = await Limiter.TryAcquireAsync(user, TenPerMinute);
        Assert.False(eleventh.Allowed);
        Assert.Equal(10, eleventh.CallsInWindow);
        Assert.Equal(TimeSpan.FromSeconds(50), eleventh.RetryAfter);
    }

    [Fact]
    public async Task The_window_slides_one_call_at_a_time_rather_than_resetting_on_a_fixed_boundary()
    {
        const ulong user = 1002;
        var start = _time.GetUtcNow();
        for (var call = 0; call < 10; call++)
        {
            Assert.True((await Limiter.TryAcquireAsync(user, TenPerMinute)).Allowed);
            _time.Advance(TimeSpan.FromSeconds(5)); // calls at 0, 5, ..., 45 s
        }

        _time.SetUtcNow(start + TimeSpan.FromSeconds(59.999));
        Assert.False((await Limiter.TryAcquireAsync(user, TenPerMinute)).Allowed);

        // At exactly 60 s the call made at 0 s has left; one slot frees, not ten.
        _time.SetUtcNow(start + TimeSpan.FromSeconds(60));
        Assert.True((await Limiter.TryAcquireAsync(user, TenPerMinute)).Allowed);
        var refused = await Limiter.TryAcquireAsync(user, TenPerMinute);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter); // the call made at 5 s leaves at 65 s

        _time.SetUtcNow(start + TimeSpan.FromSeconds(65));
        Assert.True((await Limiter.TryAcquireAsync(user, TenPerMinute)).Allowed);
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
}
