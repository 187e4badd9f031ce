using System.Text.Json;
using Cortex.Commands;
using Cortex.Economy.Admin;
using Cortex.Economy.Commands;
using Cortex.Tests.Hosting;
using static Cortex.Tests.Economy.InteractionPayloads;

namespace Cortex.Tests.Economy;

/// <summary>Every economy slash command through the handler, on a real database and Redis.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class CommandHandlerTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private EconomyTestHost _host = null!;
    private readonly long _guild = TestIds.NewGuild();

    public async Task InitializeAsync() => _host = await EconomyTestHost.StartAsync(fixture, "commands");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<InteractionReply> RunAsync(string json) =>
        _host.Get<EconomyCommandHandler>().HandleAsync(JsonSerializer.Deserialize(json, Cortex.Discord.Models.DiscordJsonContext.Default.Interaction)!, default);

    private Task<long> BalanceAsync(long userId) =>
        _host.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = $2), 0)", _guild, userId);

    private async Task FundAsync(long userId, long amount) =>
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, userId, amount, null, default)).Succeeded);

    [Fact]
    public async Task Pay_moves_money_announces_it_and_a_redelivered_interaction_pays_once()
    {
        await FundAsync(10, 100);
        var interaction = Command(_guild, 10, EconomyCommandList.Pay, [User(11), Amount(40)]);

        var first = await RunAsync(interaction);
        var redelivered = await RunAsync(interaction);

        Assert.False(first.Ephemeral);
        Assert.Contains("<@11>", first.Content, StringComparison.Ordinal);
        Assert.Equal(first.Content, redelivered.Content);
        Assert.Equal(60, await BalanceAsync(10));
        Assert.Equal(40, await BalanceAsync(11));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(500)]
    public async Task Bad_payments_answer_privately_and_move_nothing(long amount)
    {
        await FundAsync(20, 100);

        var reply = await RunAsync(Command(_guild, 20, EconomyCommandList.Pay, [User(21), Amount(amount)]));

        Assert.True(reply.Ephemeral);
        Assert.Equal(100, await BalanceAsync(20));
        Assert.Equal(0, await BalanceAsync(21));
    }

    [Fact]
    public async Task Paying_yourself_is_refused_privately()
    {
        await FundAsync(22, 100);

        var reply = await RunAsync(Command(_guild, 22, EconomyCommandList.Pay, [User(22), Amount(5)]));

        Assert.True(reply.Ephemeral);
        Assert.Contains("yourself", reply.Content, StringComparison.Ordinal);
        Assert.Equal(100, await BalanceAsync(22));
    }

    [Fact]
    public async Task Balance_is_private_and_reads_wallet_and_bank()
    {
        await FundAsync(30, 75);

        var own = await RunAsync(Command(_guild, 30, EconomyCommandList.Balance));
        var other = await RunAsync(Command(_guild, 31, EconomyCommandList.Balance, [User(30)]));

        Assert.True(own.Ephemeral);
        Assert.Contains("**75**", own.Content, StringComparison.Ordinal);
        Assert.Contains("<@30> has **75**", other.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deposit_withdraw_daily_work_history_rank_and_leaderboard_answer()
    {
        await FundAsync(40, 300);

        var deposit = await RunAsync(Command(_guild, 40, EconomyCommandList.Deposit, [Amount(100)]));
        var withdraw = await RunAsync(Command(_guild, 40, EconomyCommandList.Withdraw, [Amount(30)]));
        var daily = await RunAsync(Command(_guild, 40, EconomyCommandList.Daily));
        var dailyAgain = await RunAsync(Command(_guild, 40, EconomyCommandList.Daily));
        var work = await RunAsync(Command(_guild, 40, EconomyCommandList.Work));
        var history = await RunAsync(Command(_guild, 40, EconomyCommandList.History));
        var leaderboard = await RunAsync(Command(_guild, 40, EconomyCommandList.Leaderboard));
        var rank = await RunAsync(Command(_guild, 40, EconomyCommandList.Rank));

        Assert.Contains("bank: **100**", deposit.Content, StringComparison.Ordinal);
        Assert.Contains("bank: **70**", withdraw.Content, StringComparison.Ordinal);
        Assert.False(daily.Ephemeral);
        Assert.True(dailyAgain.Ephemeral);
        Assert.Contains("Try again <t:", dailyAgain.Content, StringComparison.Ordinal);
        Assert.False(work.Ephemeral);
        Assert.True(history.Ephemeral);
        Assert.Contains("Work +", history.Embeds![0].Description, StringComparison.Ordinal);
        Assert.Contains("<@40>", leaderboard.Embeds![0].Description, StringComparison.Ordinal);
        Assert.Equal("Rank #1", rank.Embeds![0].Title);
    }

    [Fact]
    public async Task Admin_commands_need_manage_guild()
    {
        var refused = await RunAsync(Command(_guild, 50, EconomyCommandList.Admin, [Subcommand(EconomyCommandList.AdminAdd, User(51), Amount(10))], NoPermissions));
        var added = await RunAsync(Command(_guild, 50, EconomyCommandList.Admin, [Subcommand(EconomyCommandList.AdminAdd, User(51), Amount(10))], ManageGuild));
        var removed = await RunAsync(Command(_guild, 50, EconomyCommandList.Admin, [Subcommand(EconomyCommandList.AdminRemove, User(51), Amount(4))], ManageGuild));
        var reset = await RunAsync(Command(_guild, 50, EconomyCommandList.Admin, [Subcommand(EconomyCommandList.AdminReset, User(51))], "8"));

        Assert.True(refused.Ephemeral);
        Assert.Contains("Manage Server", refused.Content, StringComparison.Ordinal);
        Assert.Contains("Gave <@51> **10**", added.Content, StringComparison.Ordinal);
        Assert.Contains("Wallet: **6**", removed.Content, StringComparison.Ordinal);
        Assert.Contains("removed **6**", reset.Content, StringComparison.Ordinal);
        Assert.Equal(0, await BalanceAsync(51));
    }

    [Fact]
    public async Task Commands_outside_a_server_are_refused_privately()
    {
        var json = Command(_guild, 60, EconomyCommandList.Daily).Replace($"\"guild_id\":\"{_guild}\",", "", StringComparison.Ordinal);

        var reply = await RunAsync(json);

        Assert.True(reply.Ephemeral);
        Assert.Contains("inside a server", reply.Content, StringComparison.Ordinal);
    }
}
