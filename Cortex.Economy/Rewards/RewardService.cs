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
/// the ledger row are one statement (<see cref="MintStatement.OnCooldownSql"/>), so two simultaneous claims credit once.
/// </summary>
public sealed class RewardService(
    NpgsqlDataSource dataSource,
    MovementRunner runner,
    BalanceCache cache,
    EconomyMetrics metrics,
    IOptions<RewardOptions> options,
    TimeProvider timeProvider)
{
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
                await using (var command = dataSource.CreateCommand(MintStatement.OnCooldownSql))
                {
                    command.With(guildId).With(userId).With(amount).WithNullableText(idempotencyKey).With(now).With(userId).With(kind).With(next);
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
