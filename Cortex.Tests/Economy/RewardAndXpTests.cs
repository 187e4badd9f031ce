using Cortex.Economy.Accounts;
using Cortex.Economy.Results;
using Cortex.Economy.Rewards;
using Cortex.Economy.Xp;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Tests.Economy;

[Collection(CortexAppCollection.Name)]
public sealed class RewardAndXpTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private EconomyTestHost _host = null!;
    private readonly long _guild = TestIds.NewGuild();

    public async Task InitializeAsync() => _host = await EconomyTestHost.StartAsync(fixture, "rewards", timeProvider: _time);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Daily_pays_once_per_24_hours()
    {
        var rewards = _host.Get<RewardService>();

        var first = await rewards.DailyAsync(_guild, 10, null, default);
        _time.Advance(TimeSpan.FromHours(23));
        var early = await rewards.DailyAsync(_guild, 10, null, default);
        _time.Advance(TimeSpan.FromHours(1));
        var next = await rewards.DailyAsync(_guild, 10, null, default);

        Assert.True(first.Succeeded);
        Assert.Equal(_time.GetUtcNow(), first.Value.NextAvailableAt);
        Assert.Equal(EconomyErrorCode.CooldownActive, early.Error?.Code);
        Assert.Equal(first.Value.NextAvailableAt, early.Error!.RetryAt);
        Assert.True(next.Succeeded);
        Assert.Equal(2 * 250, next.Value.Balance);
    }

    [Fact]
    public async Task Simultaneous_daily_claims_pay_once()
    {
        var rewards = _host.Get<RewardService>();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => rewards.DailyAsync(_guild, 20, null, default))));

        Assert.Single(results, result => result.Succeeded);
        Assert.Equal(250, (await _host.Get<AccountStore>().ReadAsync(_guild, 20, default)).Balance);
    }

    [Fact]
    public async Task Work_pays_within_the_configured_range_on_its_own_cooldown()
    {
        var rewards = _host.Get<RewardService>();

        var work = await rewards.WorkAsync(_guild, 30, null, default);
        var again = await rewards.WorkAsync(_guild, 30, null, default);
        var daily = await rewards.DailyAsync(_guild, 30, null, default);

        Assert.InRange(work.Value!.Amount, 50, 200);
        Assert.Equal(EconomyErrorCode.CooldownActive, again.Error?.Code);
        Assert.True(daily.Succeeded);
    }

    [Fact]
    public async Task Messages_grant_xp_once_per_cooldown_and_rank_orders_members()
    {
        var xp = _host.Get<XpService>();

        var first = await xp.GrantForMessageAsync(_guild, 40, default);
        var spam = await xp.GrantForMessageAsync(_guild, 40, default);
        _time.Advance(TimeSpan.FromSeconds(61));
        var later = await xp.GrantForMessageAsync(_guild, 40, default);
        await xp.GrantForMessageAsync(_guild, 41, default);

        Assert.InRange(first!.Value, 15, 25);
        Assert.Null(spam);
        Assert.InRange(later!.Value, 30, 50);
        var top = await xp.RankAsync(_guild, 40, default);
        var second = await xp.RankAsync(_guild, 41, default);
        Assert.Equal(1, top.Value!.Rank);
        Assert.Equal(2, second.Value!.Rank);
        Assert.Equal(EconomyErrorCode.AccountNotFound, (await xp.RankAsync(_guild, 4242, default)).Error?.Code);
    }

    [Theory]
    [InlineData(0, 0, 0, 100)]
    [InlineData(99, 0, 99, 100)]
    [InlineData(100, 1, 0, 155)]
    [InlineData(255, 2, 0, 220)]
    public void Levels_follow_the_familiar_curve(long xp, int level, long into, long next)
    {
        Assert.Equal((level, into, next), Levels.FromXp(xp));
    }

    [Fact]
    public async Task The_sweeper_marks_idle_users_inactive_so_the_active_index_stays_small()
    {
        await _host.Get<XpService>().GrantForMessageAsync(_guild, 50, default);
        _time.Advance(TimeSpan.FromDays(31));
        await _host.Get<XpService>().GrantForMessageAsync(_guild, 51, default);

        await _host.Get<ActiveUsersSweeper>().SweepAsync(default);

        Assert.False(await _host.ScalarAsync<bool>("SELECT active FROM economy.users WHERE guild_id = $1 AND user_id = 50", _guild));
        Assert.True(await _host.ScalarAsync<bool>("SELECT active FROM economy.users WHERE guild_id = $1 AND user_id = 51", _guild));
    }
}
