using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Npgsql;

namespace Cortex.Economy.Storage;

/// <summary>
/// The shape every money movement shares: a request that carries an idempotency key first looks
/// for the movement that key already produced (and replays it, or refuses a key reused for another
/// request); otherwise the movement runs as one statement. Deadlocks, serialization failures and a
/// lost race for a new key re-run the whole thing, and so does a lost connection (always when the
/// server said the statement failed, and with a key when it may have committed: the key replays it).
/// </summary>
public sealed class MovementRunner(LedgerStore ledger, NpgsqlDataSource dataSource)
{
    public async Task<EconomyResult<T>> RunAsync<T>(
        string? idempotencyKey,
        Func<LedgerEntry, EconomyResult<T>> replay,
        Func<CancellationToken, Task<EconomyResult<T>>> apply,
        CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await PostgresRetry.ExecuteAsync(async attemptCancellation =>
            {
                if (idempotencyKey is not null && await ledger.FindByKeyAsync(idempotencyKey, attemptCancellation) is { } existing)
                {
                    return replay(existing);
                }

                return await apply(attemptCancellation);
            }, cancellationToken, dataSource, idempotent: idempotencyKey is not null);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.NumericValueOutOfRange)
        {
            return EconomyError.Overflow();
        }
    }
}
