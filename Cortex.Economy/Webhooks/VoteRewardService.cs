using Cortex.Economy.Accounts;
using Cortex.Economy.Caching;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Cortex.Economy.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cortex.Economy.Webhooks;

/// <summary>
/// Credits a voter: the wallet and the ledger row (type <c>vote</c>, keyed by the delivery id) in one
/// statement, so a redelivered vote finds its first credit instead of paying twice.
/// </summary>
public sealed class VoteRewardService(
    NpgsqlDataSource dataSource,
    MovementRunner runner,
    BalanceCache cache,
    EconomyMetrics metrics,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Delivery ids share the ledger's key space with API idempotency keys; the prefix keeps them apart.</summary>
    public const string KeyPrefix = "vote:";

    public async Task<EconomyResult<VoteReceipt>> CreditAsync(long guildId, long userId, string deliveryId, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + deliveryId;
        var invalid = Validate.First(Validate.Id(guildId, "guild"), Validate.Id(userId, "user"), Validate.IdempotencyKey(key));
        if (invalid is not null)
        {
            return invalid;
        }

        var amount = options.Value.VoteReward;
        var generation = await cache.GenerationAsync(guildId);
        return await runner.RunAsync<VoteReceipt>(
            key,
            existing => existing.Type == TransactionType.Vote && existing.GuildId == guildId && existing.ToUserId == userId
                ? new VoteReceipt(existing.Id, guildId, userId, existing.Amount, existing.ToBalanceAfter ?? 0, Replayed: true)
                : EconomyError.KeyReused(),
            async attempt =>
            {
                await using var command = dataSource.CreateCommand(MintStatement.Sql);
                command.With(guildId).With(userId).With(amount).WithNullableText(key).With(timeProvider.GetUtcNow()).With(userId).With(TransactionType.Vote);
                // The credit is an upsert: it always returns its row.
                var (_, row) = await command.ReadFirstRowAsync(
                    reader => (Id: reader.GetInt64(0), Snapshot: new AccountSnapshot(guildId, userId, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3))),
                    attempt);
                var snapshot = row.Snapshot;
                var receipt = new VoteReceipt(row.Id, guildId, userId, amount, snapshot.Balance, Replayed: false);
                metrics.Movements.Add(1, new KeyValuePair<string, object?>("type", TransactionType.Vote));
                await cache.StoreCommittedAsync(generation, snapshot);
                return receipt;
            },
            cancellationToken);
    }
}
