using Cortex.Economy.Accounts;
using Cortex.Economy.Caching;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Transfers;

/// <summary>
/// Member-to-member payments. The rule itself is SQL: <c>economy.transfer</c> in
/// <c>Cortex.Migrator/Migrations/0101_economy_transfer.sql</c> (this folder's README says why it lives there): both
/// rows locked in user id order, a conditional debit (<c>balance &gt;= amount</c>), a credit by
/// upsert and a ledger row, in one transaction and one round trip.
/// </summary>
public sealed class TransferService(NpgsqlDataSource dataSource, BalanceCache cache, EconomyMetrics metrics, TimeProvider timeProvider)
{
    public Task<EconomyResult<TransferReceipt>> TransferAsync(TransferRequest request, CancellationToken cancellationToken) =>
        TransferAsync(request, null, cancellationToken);

    /// <param name="request">The transfer.</param>
    /// <param name="generationRead">The guild's cache generation when the caller already started reading it
    /// (the API does, alongside its rate limit); read here otherwise. Either way it is read before the write.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<EconomyResult<TransferReceipt>> TransferAsync(
        TransferRequest request, Task<string?>? generationRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = Validate.First(
            Validate.Id(request.GuildId, "guild"),
            Validate.Id(request.FromUserId, "sender"),
            Validate.Id(request.ToUserId, "recipient"),
            Validate.Amount(request.Amount),
            Validate.IdempotencyKey(request.IdempotencyKey));
        if (invalid is not null)
        {
            return invalid;
        }

        if (request.FromUserId == request.ToUserId)
        {
            return SelfTransfer();
        }

        var generation = await (generationRead ?? cache.GenerationAsync(request.GuildId));
        Outcome outcome;
        try
        {
            outcome = await PostgresRetry.ExecuteAsync(
                attempt => ExecuteAsync(request, attempt), cancellationToken, dataSource, idempotent: request.IdempotencyKey is not null);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.NumericValueOutOfRange)
        {
            return EconomyError.Overflow();
        }
        catch (PostgresException e) when (e.ConstraintName == Constraints.TransferDistinct)
        {
            return SelfTransfer();
        }

        switch (outcome.Kind)
        {
            case "applied":
                metrics.Movements.Add(1, new KeyValuePair<string, object?>("type", TransactionType.Transfer));
                await cache.StoreCommittedAsync(
                    generation,
                    new AccountSnapshot(request.GuildId, request.FromUserId, outcome.FromBalance, outcome.FromBank, outcome.FromVersion),
                    new AccountSnapshot(request.GuildId, request.ToUserId, outcome.ToBalance, outcome.ToBank, outcome.ToVersion));
                return Receipt(request, outcome, replayed: false);
            case "replayed":
                return Receipt(request, outcome, replayed: true);
            case "key_conflict":
                return EconomyError.KeyReused();
            default:
                return EconomyError.InsufficientFunds(request.Amount);
        }
    }

    private async Task<Outcome> ExecuteAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT * FROM economy.transfer($1, $2, $3, $4, $5, $6)");
        command.With(request.GuildId).With(request.FromUserId).With(request.ToUserId).With(request.Amount)
            .WithNullableText(request.IdempotencyKey).With(timeProvider.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Outcome(
            reader.GetString(reader.GetOrdinal("outcome")),
            reader.GetNullableInt64("transaction_id") ?? 0,
            reader.GetNullableInt64("from_balance") ?? 0,
            reader.GetNullableInt64("to_balance") ?? 0,
            reader.GetNullableInt64("from_bank") ?? 0,
            reader.GetNullableInt64("to_bank") ?? 0,
            reader.GetNullableInt64("from_version") ?? 0,
            reader.GetNullableInt64("to_version") ?? 0);
    }

    private static TransferReceipt Receipt(TransferRequest request, Outcome outcome, bool replayed) => new(
        outcome.TransactionId, request.GuildId, request.FromUserId, request.ToUserId, request.Amount,
        outcome.FromBalance, outcome.ToBalance, replayed);

    private static EconomyError SelfTransfer() =>
        new(EconomyErrorCode.SelfTransfer, "You cannot send coins to yourself.");

    private readonly record struct Outcome(
        string Kind, long TransactionId, long FromBalance, long ToBalance, long FromBank, long ToBank, long FromVersion, long ToVersion);
}
