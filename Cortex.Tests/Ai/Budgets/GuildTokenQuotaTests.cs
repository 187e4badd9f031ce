using Cortex.Ai;
using Cortex.Ai.Budgets;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Cortex.Tests.Ai.Budgets;

[Collection(CortexAppCollection.Name)]
public sealed class GuildTokenQuotaTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 18, 0, 0, TimeSpan.Zero));
    private IConnectionMultiplexer _redis = null!;
    private RedisKeys _keys = null!;

    public async Task InitializeAsync() => (_redis, _keys) = await AiRedis.ConnectAsync(fixture, nameof(GuildTokenQuotaTests));

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private GuildTokenQuota Quota => new(_redis, _keys, _time);

    [Fact]
    public async Task Fifty_concurrent_requests_never_push_the_day_above_the_limit()
    {
        const ulong guild = 2001;
        const long limit = 20_000;
        const int worstCase = 1_800; // prompt plus the whole reply allowance
        var quota = Quota;
        var observedMax = 0L;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                observedMax = Math.Max(observedMax, await quota.UsedTodayAsync(guild));
            }
        });

        var actuals = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var reservation = await quota.ReserveAsync(guild, worstCase, limit);
            if (!reservation.Granted)
            {
                return 0;
            }

            Assert.InRange(reservation.UsedToday, worstCase, limit);
            await Task.Delay(Random.Shared.Next(5, 40));
            var actual = 600 + (i * 17 % 1_200); // always within the worst case
            await quota.ReconcileAsync(reservation, actual);
            return actual;
        })));
        await stop.CancelAsync();
        await sampler;

        var used = await quota.UsedTodayAsync(guild);
        Assert.Equal(actuals.Sum(), used);
        Assert.True(used <= limit, $"used {used} > {limit}");
        Assert.True(observedMax <= limit, $"observed {observedMax} > {limit}");
        // Holds are worst cases, so at least limit / worstCase requests ran before any was refused.
        Assert.True(actuals.Count(a => a > 0) >= limit / worstCase);
        Assert.Contains(0, actuals);
    }

    [Fact]
    public async Task A_refused_reservation_says_when_the_quota_resets_and_holds_nothing()
    {
        const ulong guild = 2002;
        var first = await Quota.ReserveAsync(guild, 900, 1_000);
        var second = await Quota.ReserveAsync(guild, 200, 1_000);

        Assert.True(first.Granted);
        Assert.False(second.Granted);
        Assert.Equal(900, second.UsedToday);
        Assert.Equal(TimeSpan.FromHours(6), second.ResetsIn); // 18:00 UTC to midnight
        Assert.Equal(900, await Quota.UsedTodayAsync(guild));
    }

    [Fact]
    public async Task Reconcile_replaces_the_hold_with_real_usage_and_release_gives_it_all_back()
    {
        const ulong guild = 2003;
        var reconciled = await Quota.ReserveAsync(guild, 1_000, 10_000);
        var released = await Quota.ReserveAsync(guild, 1_000, 10_000);
        Assert.Equal(2_000, await Quota.UsedTodayAsync(guild));

        Assert.Equal(1_350, await Quota.ReconcileAsync(reconciled, 350));
        Assert.Equal(350, await Quota.ReleaseAsync(released));
        // Settling twice changes nothing more than settling once would have.
        Assert.Equal(350, await Quota.ReleaseAsync(released));
    }

    [Fact]
    public async Task A_hold_left_by_a_dead_worker_is_freed_after_its_lease()
    {
        const ulong guild = 2004;
        var orphan = await Quota.ReserveAsync(guild, 900, 1_000);
        Assert.True(orphan.Granted);
        Assert.False((await Quota.ReserveAsync(guild, 900, 1_000)).Granted);

        _time.Advance(GuildTokenQuota.HoldLease + TimeSpan.FromSeconds(1));
        var after = await Quota.ReserveAsync(guild, 900, 1_000);

        Assert.True(after.Granted);
        Assert.Equal(900, after.UsedToday);
    }

    [Fact]
    public async Task The_quota_starts_again_at_utc_midnight()
    {
        const ulong guild = 2005;
        Assert.True((await Quota.ReserveAsync(guild, 1_000, 1_000)).Granted);
        Assert.False((await Quota.ReserveAsync(guild, 1, 1_000)).Granted);

        _time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.True((await Quota.ReserveAsync(guild, 1_000, 1_000)).Granted);
    }

    [Fact]
    public async Task Quota_keys_expire_a_day_after_their_day_ends()
    {
        const ulong guild = 2006;
        await Quota.ReserveAsync(guild, 10, 1_000);

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(_keys.GuildTokens(guild, "20260301"));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromHours(29.9), TimeSpan.FromHours(30)); // 18:00 to midnight, plus a day
    }

    [Fact]
    public async Task A_settle_after_redis_lost_the_counter_gives_the_new_counter_the_days_expiry()
    {
        const ulong guild = 2007;
        var reservation = await Quota.ReserveAsync(guild, 500, 1_000);
        var counter = _keys.GuildTokens(guild, "20260301");
        await _redis.GetDatabase().KeyDeleteAsync([counter, counter.Append(":holds"), counter.Append(":deadlines")]);

        Assert.Equal(300, await Quota.ReconcileAsync(reservation, 300));

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(counter);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromHours(29.9), TimeSpan.FromHours(30));
    }
}
