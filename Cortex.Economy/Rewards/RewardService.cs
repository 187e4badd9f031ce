using Cortex.Economy.Accounts;
using Cortex.Economy.Caching;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Cortex.Economy.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cortex.Economy.Rewards;

/// <summary>
/// Daily and work: new coins on a cooldown. Claiming the cooldown, crediting the wallet and writing
/// the ledger row are one statement, so two simultaneous claims credit once.
/// </summary>
public sealed class RewardService(
    NpgsqlDataSource dataSource,
    MovementRunner runner,
    BalanceCache cache,
    EconomyMetrics metrics,
    IOptions<RewardOptions> options,
    TimeProvider timeProvider)
{
    // $1 guild, $2 user, $3 amount, $4 idempotency key, $5 now, $6 kind (cooldown action and ledger
    // type), $7 next available time.
    private const string ClaimSql = """
        WITH claimed AS (
            INSERT INTO economy.cooldowns AS c (guild_id, user_id, action, available_at)
            VALUES ($1, $2, $6, $7)
            ON CONFLICT (guild_id, user_id, action) DO UPDATE SET available_at = excluded.available_at
            WHERE c.available_at <= $5
            RETURNING available_at),
        credited AS (
            INSERT INTO economy.users AS u (guild_id, user_id, balance, updated_at)
            SELECT $1, $2, $3, $5 FROM claimed
            ON CONFLICT (guild_id, user_id) DO UPDATE
                SET balance = u.balance + excluded.balance, version = u.version + 1, updated_at = $5, active = true
            RETURNING balance, bank, version),
        entry AS (
            INSERT INTO economy.transactions (guild_id, from_user_id, to_user_id, amount, type, actor_id,
                idempotency_key, from_balance_after, to_balance_after, created_at)
            SELECT $1, NULL, $2, $3, $6, $2, $4, NULL, balance, $5 FROM credited
            RETURNING id)
        SELECT entry.id, credited.balance, credited.bank, credited.version FROM credited CROSS JOIN entry
        """;

    private readonly RewardOptions _options = options.Value;

    public Task<EconomyResult<RewardReceipt>> DailyAsync(long guildId, long userId, string? idempotencyKey, CancellationToken cancellationToken) =>
        ClaimAsync(TransactionType.Daily, _options.DailyAmount, _options.DailyCooldown, guildId, userId, idempotencyKey, cancellationToken);

    public Task<EconomyResult<RewardReceipt>> WorkAsync(long guildId, long userId, string? idempotencyKey, CancellationToken cancellationToken) =>
        ClaimAsync(
            TransactionType.Work,
            Random.Shared.NextInt64(_options.WorkMinimum, Math.Max(_options.WorkMinimum, _options.WorkMaximum) + 1),
            _options.WorkCooldown,
            guildId,
            userId,
            idempotencyKey,
            cancellationToken);

    private async Task<EconomyResult<RewardReceipt>> ClaimAsync(
        string kind, long amount, TimeSpan cooldown, long guildId, long userId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var invalid = Validate.First(Validate.Id(guildId, "guild"), Validate.Id(userId, "user"), Validate.IdempotencyKey(idempotencyKey));
        if (invalid is not null)
        {
            return invalid;
        }

        var generation = await cache.GenerationAsync(guildId);
        return await runner.RunAsync<RewardReceipt>(
            idempotencyKey,
            // The amount of work is random, so a replay matches on who and what, not how much.
            existing => existing.Type == kind && existing.GuildId == guildId && existing.ToUserId == userId
                ? new RewardReceipt(existing.Id, guildId, userId, kind, existing.Amount, existing.ToBalanceAfter ?? 0, existing.CreatedAt + cooldown, Replayed: true)
                : EconomyError.KeyReused(),
            async attempt =>
            {
                var now = timeProvider.GetUtcNow();
                var next = now + cooldown;
                await using (var command = dataSource.CreateCommand(ClaimSql))
                {
                    command.With(guildId).With(userId).With(amount).WithNullableText(idempotencyKey).With(now).With(kind).With(next);
                    var (claimed, row) = await command.ReadFirstRowAsync(
                        reader => (Id: reader.GetInt64(0), Snapshot: new AccountSnapshot(guildId, userId, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3))),
                        attempt);
                    if (claimed)
                    {
                        metrics.Movements.Add(1, new KeyValuePair<string, object?>("type", kind));
                        await cache.StoreCommittedAsync(generation, row.Snapshot);
                        return new RewardReceipt(row.Id, guildId, userId, kind, amount, row.Snapshot.Balance, next, Replayed: false);
                    }
                }

                var availableAt = await AvailableAtAsync(guildId, userId, kind, attempt) ?? next;
                return new EconomyError(
                    EconomyErrorCode.CooldownActive,
                    $"You already claimed {kind}; it is available again at {availableAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.",
                    availableAt);
            },
            cancellationToken);
    }

    private async Task<DateTimeOffset?> AvailableAtAsync(long guildId, long userId, string kind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT available_at FROM economy.cooldowns WHERE guild_id = $1 AND user_id = $2 AND action = $3");
        command.With(guildId).With(userId).With(kind);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }
}
