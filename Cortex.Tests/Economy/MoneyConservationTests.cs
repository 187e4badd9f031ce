using Cortex.Economy.Admin;
using Cortex.Economy.Results;
using Cortex.Economy.Transfers;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Economy;

[Collection(CortexAppCollection.Name)]
public sealed class MoneyConservationTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private const int Clients = 64;
    private const int TransfersPerClient = 40;
    private const int Users = 12;
    private const long StartingBalance = 1_000;

    private EconomyTestHost _host = null!;
    private readonly long _guild = TestIds.NewGuild();

    public async Task InitializeAsync() => _host = await EconomyTestHost.StartAsync(fixture, "conservation");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Sixty_four_clients_of_random_transfers_conserve_money_and_keep_the_ledger_consistent()
    {
        var admin = _host.Get<AdminService>();
        for (var user = 1; user <= Users; user++)
        {
            Assert.True((await admin.AddAsync(_guild, 999, user, StartingBalance, null, default)).Succeeded);
        }

        var transfers = _host.Get<TransferService>();
        var applied = 0;
        var refused = 0;
        using var start = new ManualResetEventSlim();

        // Few users and amounts near the balances: lots of contention, opposite pairs (A->B while
        // B->A), and many refusals for insufficient funds. Any exception escaping is a failure:
        // deadlocks and serialization failures must be retried inside the service.
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            start.Wait();
            for (var i = 0; i < TransfersPerClient; i++)
            {
                var from = random.Next(1, Users + 1);
                var to = i % 2 == 0 ? (from % Users) + 1 : ((from + Users - 2) % Users) + 1;
                var result = await transfers.TransferAsync(new TransferRequest(_guild, from, to, random.Next(1, 400), null), default);
                if (result.Succeeded)
                {
                    Interlocked.Increment(ref applied);
                }
                else
                {
                    Assert.Equal(EconomyErrorCode.InsufficientFunds, result.Error.Code);
                    Interlocked.Increment(ref refused);
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(clients);

        Assert.Equal(Clients * TransfersPerClient, applied + refused);
        Assert.True(applied > Clients * TransfersPerClient / 4, $"only {applied} transfers applied");
        Assert.Equal(Users * StartingBalance, await _host.ScalarAsync<decimal>("SELECT sum(balance + bank) FROM economy.users WHERE guild_id = $1", _guild));
        Assert.Equal(0, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.users WHERE guild_id = $1 AND (balance < 0 OR bank < 0)", _guild));
        Assert.Equal(applied, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions WHERE guild_id = $1 AND type = 'transfer'", _guild));
        // Every balance is exactly what the ledger says entered minus what left.
        Assert.Equal(0, await _host.ScalarAsync<long>("""
            SELECT count(*) FROM economy.users u
            FULL JOIN (SELECT * FROM economy.ledger_totals WHERE guild_id = $1) l ON l.user_id = u.user_id AND l.guild_id = u.guild_id
            WHERE (u.guild_id = $1 OR l.guild_id = $1) AND (u.balance + u.bank) IS DISTINCT FROM l.total
            """, _guild));
    }
}
