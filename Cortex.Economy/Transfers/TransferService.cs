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
/// upsert and a ledger row. Concurrent transfers share round trips and commits (<see cref="TransferBatcher"/>).
/// </summary>
public sealed class TransferService
{
    private readonly TransferBatcher _batcher;
    private readonly BalanceCache _cache;

    internal TransferService(TransferBatcher batcher, BalanceCache cache)
    {
        _batcher = batcher;
        _cache = cache;
    }

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

        var generation = await (generationRead ?? _cache.GenerationAsync(request.GuildId));
        TransferOutcome outcome;
        try
        {
            outcome = await _batcher.TransferAsync(request, generation, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.NumericValueOutOfRange)
        {
            return EconomyError.Overflow();
        }
        catch (PostgresException e) when (e.ConstraintName == Constraints.TransferDistinct)
        {
            return SelfTransfer();
        }

        return outcome.Kind switch
        {
            TransferOutcome.Applied => Receipt(request, outcome, replayed: false),
            TransferOutcome.Replayed => Receipt(request, outcome, replayed: true),
            TransferOutcome.KeyConflict => EconomyError.KeyReused(),
            _ => EconomyError.InsufficientFunds(request.Amount),
        };
    }

    private static TransferReceipt Receipt(TransferRequest request, TransferOutcome outcome, bool replayed) => new(
        outcome.TransactionId, request.GuildId, request.FromUserId, request.ToUserId, request.Amount,
        outcome.FromBalance, outcome.ToBalance, replayed);

    private static EconomyError SelfTransfer() =>
        new(EconomyErrorCode.SelfTransfer, "You cannot send coins to yourself.");
}
