using Cortex.Economy.Accounts;
using Cortex.Economy.Caching;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Wallet;

/// <summary>Moves a member's coins between wallet and bank: one conditional UPDATE plus its ledger row.</summary>
public sealed class WalletService(
    NpgsqlDataSource dataSource,
    MovementRunner runner,
    BalanceCache cache,
    EconomyMetrics metrics,
    TimeProvider timeProvider)
{
    // One statement both ways. $1 guild, $2 user, $3 amount, $4 idempotency key, $5 now, $6 what moves from wallet
    // to bank: +amount for a deposit, -amount for a withdrawal, so the side that pays must hold at least its share.
    // The ledger row's "from" balance is the wallet and its "to" balance the bank.
    private const string MoveSql = """
        WITH moved AS (
            UPDATE economy.users
            SET balance = balance - $6, bank = bank + $6, version = version + 1, updated_at = $5, active = true
            WHERE guild_id = $1 AND user_id = $2 AND balance >= $6 AND bank >= -$6
            RETURNING balance, bank, version),
        entry AS (
            INSERT INTO economy.transactions (guild_id, from_user_id, to_user_id, amount, type, actor_id,
                idempotency_key, from_balance_after, to_balance_after, created_at)
            SELECT $1, $2, $2, $3, CASE WHEN $6 > 0 THEN 'deposit' ELSE 'withdraw' END, $2, $4, balance, bank, $5 FROM moved
            RETURNING id)
        SELECT entry.id, moved.balance, moved.bank, moved.version FROM moved CROSS JOIN entry
        """;

    public Task<EconomyResult<WalletReceipt>> DepositAsync(long guildId, long userId, long amount, string? idempotencyKey, CancellationToken cancellationToken) =>
        MoveAsync(TransactionType.Deposit, guildId, userId, amount, idempotencyKey, cancellationToken);

    public Task<EconomyResult<WalletReceipt>> WithdrawAsync(long guildId, long userId, long amount, string? idempotencyKey, CancellationToken cancellationToken) =>
        MoveAsync(TransactionType.Withdraw, guildId, userId, amount, idempotencyKey, cancellationToken);

    private async Task<EconomyResult<WalletReceipt>> MoveAsync(
        string type, long guildId, long userId, long amount, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var invalid = Validate.First(
            Validate.Id(guildId, "guild"), Validate.Id(userId, "user"), Validate.Amount(amount), Validate.IdempotencyKey(idempotencyKey));
        if (invalid is not null)
        {
            return invalid;
        }

        var generation = await cache.GenerationAsync(guildId);
        return await runner.RunAsync<WalletReceipt>(
            idempotencyKey,
            existing => existing.Type == type && existing.GuildId == guildId && existing.FromUserId == userId && existing.Amount == amount
                ? new WalletReceipt(existing.Id, guildId, userId, amount, existing.FromBalanceAfter ?? 0, existing.ToBalanceAfter ?? 0, Replayed: true)
                : EconomyError.KeyReused(),
            async attempt =>
            {
                await using var command = dataSource.CreateCommand(MoveSql);
                command.With(guildId).With(userId).With(amount).WithNullableText(idempotencyKey).With(timeProvider.GetUtcNow())
                    .With(type == TransactionType.Deposit ? amount : -amount);
                var (found, row) = await command.ReadFirstRowAsync(
                    reader => (Id: reader.GetInt64(0), Snapshot: new AccountSnapshot(guildId, userId, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3))),
                    attempt);
                if (!found)
                {
                    return type == TransactionType.Deposit
                        ? EconomyError.InsufficientFunds(amount)
                        : new EconomyError(EconomyErrorCode.InsufficientFunds, $"Not enough coins in the bank: {amount:N0} needed.");
                }

                var snapshot = row.Snapshot;
                var receipt = new WalletReceipt(row.Id, guildId, userId, amount, snapshot.Balance, snapshot.Bank, Replayed: false);
                metrics.Movements.Add(1, new KeyValuePair<string, object?>("type", type));
                await cache.StoreCommittedAsync(generation, snapshot);
                return receipt;
            },
            cancellationToken);
    }
}
