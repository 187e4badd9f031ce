using Cortex.Economy.Accounts;
using Cortex.Economy.Caching;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Admin;

/// <summary>
/// Add, remove and reset, for members with Manage Guild. Added coins enter the economy (ledger
/// "from" is null), removed coins leave it (ledger "to" is null), so the ledger still explains
/// every balance. The caller checks the permission (see <see cref="Permissions"/>).
/// </summary>
public sealed class AdminService(
    NpgsqlDataSource dataSource,
    MovementRunner runner,
    BalanceCache cache,
    EconomyMetrics metrics,
    TimeProvider timeProvider)
{
    // Same parameters as MintStatement: $1 guild, $2 member, $3 amount, $4 idempotency key, $5 now,
    // $6 admin, $7 ledger type. Coins leave the economy: the ledger row has no recipient.
    private const string RemoveSql = """
        WITH debited AS (
            UPDATE economy.users
            SET balance = balance - $3, version = version + 1, updated_at = $5, active = true
            WHERE guild_id = $1 AND user_id = $2 AND balance >= $3
            RETURNING balance, bank, version),
        entry AS (
            INSERT INTO economy.transactions (guild_id, from_user_id, to_user_id, amount, type, actor_id,
                idempotency_key, from_balance_after, to_balance_after, created_at)
            SELECT $1, $2, NULL, $3, $7, $6, $4, balance, NULL, $5 FROM debited
            RETURNING id)
        SELECT entry.id, debited.balance, debited.bank, debited.version FROM debited CROSS JOIN entry
        """;

    // $1 guild, $2 member, $3 idempotency key, $4 now, $5 admin. Wallet and bank both go to zero;
    // the ledger row carries their sum. The row is locked first so the sum is the latest one.
    private const string ResetSql = """
        WITH old AS (
            SELECT balance, bank FROM economy.users WHERE guild_id = $1 AND user_id = $2 FOR UPDATE),
        reset AS (
            UPDATE economy.users u
            SET balance = 0, bank = 0, version = u.version + 1, updated_at = $4
            FROM old
            WHERE u.guild_id = $1 AND u.user_id = $2
            RETURNING old.balance + old.bank AS removed, u.version),
        entry AS (
            INSERT INTO economy.transactions (guild_id, from_user_id, to_user_id, amount, type, actor_id,
                idempotency_key, from_balance_after, to_balance_after, created_at)
            SELECT $1, $2, NULL, removed, 'admin_reset', $5, $3, 0, NULL, $4 FROM reset WHERE removed > 0
            RETURNING id)
        SELECT (SELECT id FROM entry), reset.removed, reset.version FROM reset
        """;

    public Task<EconomyResult<AdjustmentReceipt>> AddAsync(long guildId, long adminId, long userId, long amount, string? idempotencyKey, CancellationToken cancellationToken) =>
        AdjustAsync(TransactionType.AdminAdd, MintStatement.Sql, guildId, adminId, userId, amount, idempotencyKey, cancellationToken);

    public Task<EconomyResult<AdjustmentReceipt>> RemoveAsync(long guildId, long adminId, long userId, long amount, string? idempotencyKey, CancellationToken cancellationToken) =>
        AdjustAsync(TransactionType.AdminRemove, RemoveSql, guildId, adminId, userId, amount, idempotencyKey, cancellationToken);

    public async Task<EconomyResult<AdjustmentReceipt>> ResetAsync(long guildId, long adminId, long userId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var invalid = Validate.First(
            Validate.Id(guildId, "guild"), Validate.Id(adminId, "admin"), Validate.Id(userId, "user"), Validate.IdempotencyKey(idempotencyKey));
        if (invalid is not null)
        {
            return invalid;
        }

        var generation = await cache.GenerationAsync(guildId);
        return await runner.RunAsync<AdjustmentReceipt>(
            idempotencyKey,
            existing => existing.Type == TransactionType.AdminReset && existing.GuildId == guildId && existing.FromUserId == userId
                ? new AdjustmentReceipt(existing.Id, guildId, userId, TransactionType.AdminReset, existing.Amount, 0, 0, Replayed: true)
                : EconomyError.KeyReused(),
            async attempt =>
            {
                var now = timeProvider.GetUtcNow();
                await using var command = dataSource.CreateCommand(ResetSql);
                command.With(guildId).With(userId).WithNullableText(idempotencyKey).With(now).With(adminId);
                var (found, row) = await command.ReadFirstRowAsync(
                    reader => (Receipt: new AdjustmentReceipt(reader.GetNullableInt64(0), guildId, userId, TransactionType.AdminReset, reader.GetInt64(1), 0, 0, Replayed: false), Version: reader.GetInt64(2)),
                    attempt);
                if (!found)
                {
                    return EconomyError.NotFound(userId);
                }

                var (receipt, version) = row;
                metrics.Movements.Add(1, new KeyValuePair<string, object?>("type", TransactionType.AdminReset));
                await cache.StoreCommittedAsync(generation, new AccountSnapshot(guildId, userId, 0, 0, version));
                return receipt;
            },
            cancellationToken);
    }

    private async Task<EconomyResult<AdjustmentReceipt>> AdjustAsync(
        string kind, string sql, long guildId, long adminId, long userId, long amount, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var invalid = Validate.First(
            Validate.Id(guildId, "guild"), Validate.Id(adminId, "admin"), Validate.Id(userId, "user"),
            Validate.Amount(amount), Validate.IdempotencyKey(idempotencyKey));
        if (invalid is not null)
        {
            return invalid;
        }

        var adds = kind == TransactionType.AdminAdd;
        var generation = await cache.GenerationAsync(guildId);
        return await runner.RunAsync<AdjustmentReceipt>(
            idempotencyKey,
            existing => existing.Type == kind && existing.GuildId == guildId && existing.Amount == amount
                && (adds ? existing.ToUserId : existing.FromUserId) == userId
                ? new AdjustmentReceipt(existing.Id, guildId, userId, kind, amount, (adds ? existing.ToBalanceAfter : existing.FromBalanceAfter) ?? 0, 0, Replayed: true)
                : EconomyError.KeyReused(),
            async attempt =>
            {
                await using var command = dataSource.CreateCommand(sql);
                command.With(guildId).With(userId).With(amount).WithNullableText(idempotencyKey).With(timeProvider.GetUtcNow()).With(adminId).With(kind);
                var (found, row) = await command.ReadFirstRowAsync(
                    reader => (Id: reader.GetInt64(0), Snapshot: new AccountSnapshot(guildId, userId, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3))),
                    attempt);
                if (!found)
                {
                    return new EconomyError(EconomyErrorCode.InsufficientFunds, $"User {userId} has fewer than {amount:N0} coins in their wallet.");
                }

                var snapshot = row.Snapshot;
                var receipt = new AdjustmentReceipt(row.Id, guildId, userId, kind, amount, snapshot.Balance, snapshot.Bank, Replayed: false);
                metrics.Movements.Add(1, new KeyValuePair<string, object?>("type", kind));
                await cache.StoreCommittedAsync(generation, snapshot);
                return receipt;
            },
            cancellationToken);
    }
}
