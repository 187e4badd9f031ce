using Cortex.Economy.Accounts;
using Cortex.Economy.Caching;
using Cortex.Economy.Ledger;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Transfers;

/// <summary>
/// Concurrent transfers share PostgreSQL round trips. A call that finds a batch slot free goes out at once, on its
/// caller's thread, with whatever else is waiting; calls arriving while the batches in flight run wait and go together in
/// the next one: one round trip, one backend wake-up and one commit for all of them (<see cref="TransferDatabase.RunBatchAsync"/>).
/// A failed batch is re-sent call by call where that cannot apply a transfer twice. After commit, the applied transfers'
/// balances go to the cache in one Redis script per guild and generation, before their callers are answered. Every round
/// trip's number of transfers is recorded (<c>cortex.economy.transfer.batch.size</c>), so an operator sees how much batching happens.
/// </summary>
internal sealed class TransferBatcher(
    TransferDatabase database, BalanceCache cache, EconomyMetrics metrics, IOptions<TransferBatchingOptions> options, TimeProvider timeProvider)
{
    private readonly TransferBatchingOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Queue<PendingTransfer> _waiting = new();
    private int _inFlight;

    /// <summary>Calls waiting for the next batch (tests use it to know that calls will share one).</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    public async Task<TransferOutcome> TransferAsync(TransferRequest request, string? generation, CancellationToken cancellationToken)
    {
        var call = new PendingTransfer(request, generation, timeProvider.GetUtcNow());
        if (!_options.Batching)
        {
            metrics.TransferBatchSize.Record(1);
            await FinishAsync([call], [await database.RunAloneAsync(call, cancellationToken)]);
            return await call.Outcome;
        }

        using var withdrawal = cancellationToken.Register(static (state, token) => ((PendingTransfer)state!).Cancel(token), call);
        bool send;
        lock (_gate)
        {
            _waiting.Enqueue(call);
            send = _inFlight < _options.BatchesInFlight;
            _inFlight += send ? 1 : 0;
        }

        if (send)
        {
            // The batch goes out on this thread, with no hand-over; the loop carries no caller's context (trace, scopes).
            using (ExecutionContext.SuppressFlow())
            {
                _ = SendWhileWaitingAsync();
            }
        }

        return await call.Outcome;
    }

    private async Task SendWhileWaitingAsync()
    {
        while (NextBatch() is { } calls)
        {
            metrics.TransferBatchSize.Record(calls.Count);
            TransferOutcome[] outcomes;
            try
            {
                outcomes = await database.RunBatchAsync(calls);
            }
            catch (Exception e)
            {
                foreach (var call in calls)
                {
                    _ = RecoverAsync(call, e);
                }

                continue;
            }

            // The next batch goes out while this one's balances are on their way to the cache.
            _ = FinishAsync(calls, outcomes);
        }
    }

    private List<PendingTransfer>? NextBatch()
    {
        lock (_gate)
        {
            var calls = new List<PendingTransfer>(Math.Min(_waiting.Count, _options.MaxBatchSize));
            while (calls.Count < _options.MaxBatchSize && _waiting.TryDequeue(out var call))
            {
                if (call.TrySend())
                {
                    calls.Add(call);
                }
            }

            if (calls.Count > 0)
            {
                return calls;
            }

            _inFlight--;
            return null;
        }
    }

    private async Task RecoverAsync(PendingTransfer call, Exception failure)
    {
        try
        {
            if (!TransferDatabase.MayRunAgain(call, failure))
            {
                call.Fail(failure);
                return;
            }

            // A caller that gave up is not sent again: its call was rolled back, or it has a key and may have applied.
            if (call.Awaited)
            {
                metrics.TransferBatchSize.Record(1);
                await FinishAsync([call], [await database.RunAloneAsync(call, CancellationToken.None)]);
            }
        }
        catch (Exception e)
        {
            call.Fail(e);
        }
    }

    private async Task FinishAsync(List<PendingTransfer> calls, TransferOutcome[] outcomes)
    {
        try
        {
            await StoreAppliedAsync(calls, outcomes);
        }
        catch (Exception e)
        {
            foreach (var call in calls)
            {
                call.Fail(e);
            }

            return;
        }

        for (var i = 0; i < calls.Count; i++)
        {
            calls[i].Complete(outcomes[i]);
        }
    }

    // Write-through after commit, one script per guild and generation (a script's keys share the guild's hash slot).
    private Task StoreAppliedAsync(List<PendingTransfer> calls, TransferOutcome[] outcomes)
    {
        Dictionary<(long Guild, string? Generation), List<AccountSnapshot>>? stores = null;
        for (var i = 0; i < calls.Count; i++)
        {
            if (outcomes[i].Kind != TransferOutcome.Applied)
            {
                continue;
            }

            var request = calls[i].Request;
            stores ??= [];
            var key = (request.GuildId, calls[i].Generation);
            if (!stores.TryGetValue(key, out var snapshots))
            {
                stores[key] = snapshots = [];
            }

            snapshots.Add(outcomes[i].Sender(request));
            snapshots.Add(outcomes[i].Recipient(request));
        }

        if (stores is null)
        {
            return Task.CompletedTask;
        }

        metrics.Movements.Add(stores.Values.Sum(snapshots => snapshots.Count / 2), new KeyValuePair<string, object?>("type", TransactionType.Transfer));
        return Task.WhenAll(stores.Select(store => cache.StoreCommittedAsync(store.Key.Generation, [.. store.Value])));
    }
}
