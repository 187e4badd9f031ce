using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Transfers;

/// <summary>
/// <c>economy.transfer</c> on PostgreSQL: one call alone (retried as <see cref="PostgresRetry"/> allows), or many calls in
/// one statement, one round trip and one transaction, applied as a set by <c>economy.transfer_many</c> (<see cref="RunBatchAsync"/>).
/// </summary>
internal sealed class TransferDatabase(NpgsqlDataSource dataSource)
{
    public Task<TransferOutcome> RunAloneAsync(PendingTransfer call, CancellationToken cancellationToken) =>
        PostgresRetry.ExecuteAsync(attempt => RunOnceAsync(call, attempt), cancellationToken, dataSource, idempotent: call.Keyed);

    /// <summary>
    /// Every call in one statement (<see cref="TransferOutcome.ManySql"/>), so PostgreSQL runs them in one implicit
    /// transaction with one commit, and the first error rolls back all of them. Calls with their own transactions were
    /// left out on purpose (Npgsql's error barriers in a batch): after an error, Npgsql reads and discards the answers of
    /// the calls behind the failed one, which did commit, so an unkeyed transfer among them could be neither reported nor
    /// safely sent again. Here an exception always means "nothing applied" (a server error) or "unknown" (a lost
    /// connection), for every call alike; <see cref="MayRunAgain"/> says which calls can be re-sent.
    /// </summary>
    /// <remarks>Not cancellable: the calls belong to several callers, and one giving up cancels nobody else's work.</remarks>
    public async Task<TransferOutcome[]> RunBatchAsync(List<PendingTransfer> calls)
    {
        try
        {
            await using var command = dataSource.CreateCommand(TransferOutcome.ManySql);
            TransferOutcome.BindMany(command.Parameters, calls);
            var outcomes = new TransferOutcome[calls.Count];
            await using var reader = await command.ExecuteReaderAsync();
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (!await reader.ReadAsync())
                {
                    throw new InvalidOperationException("economy.transfer_many returned fewer rows than calls.");
                }

                outcomes[i] = TransferOutcome.Read(reader);
            }

            // Reads on to ReadyForQuery, the commit's answer: no outcome counts before the transaction is known committed.
            await reader.NextResultAsync();
            return outcomes;
        }
        catch (NpgsqlException e) when (PostgresRetry.IsConnectionLost(e, idempotent: true))
        {
            // The pool's other connections to that server are as dead as this one: the calls re-sent open fresh ones.
            dataSource.Clear();
            throw;
        }
    }

    /// <summary>
    /// Whether one call of a failed batch may be sent again on its own: always after an error the server sent (the batch's
    /// transaction was rolled back whole), and after a lost connection only when a second run cannot apply it twice
    /// (its idempotency key replays it), exactly as <see cref="PostgresRetry"/> decides for a call alone.
    /// </summary>
    public static bool MayRunAgain(PendingTransfer call, Exception failure) => failure switch
    {
        PostgresException => true,
        NpgsqlException lost => PostgresRetry.IsConnectionLost(lost, call.Keyed),
        _ => false,
    };

    private async Task<TransferOutcome> RunOnceAsync(PendingTransfer call, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TransferOutcome.Sql);
        TransferOutcome.Bind(command.Parameters, call.Request, call.Now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return TransferOutcome.Read(reader);
    }
}
