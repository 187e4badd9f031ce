namespace Cortex.Gateway.Identify;

/// <summary>
/// One bucket's local turn: a single holder at a time, and waiters served lowest shard id first (ties in
/// arrival order), so the spawn queue's shard order is the identify order. A SemaphoreSlim would not keep it.
/// The holder waits out the bucket's window while holding the turn and, before taking the slot, yields to a
/// lower shard that arrived meanwhile (<see cref="YieldToLowerAsync"/>).
/// </summary>
internal sealed class ShardOrderedTurn
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<TaskCompletionSource, (int ShardId, long Arrival)> _waiters = new();
    private long _arrivals;
    private bool _held;

    /// <summary>Waits for the turn; whoever completes this must call <see cref="Release"/>.</summary>
    public Task EnterAsync(int shardId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            return QueueLocked(shardId, cancellationToken);
        }
    }

    /// <summary>
    /// Called by the holder: when a lower shard is waiting, hands it the turn and waits to get it back (returns
    /// true once it has); otherwise keeps the turn and returns false.
    /// </summary>
    public async Task<bool> YieldToLowerAsync(int shardId)
    {
        Task turn;
        lock (_lock)
        {
            if (!_waiters.TryPeek(out _, out var lowest) || lowest.ShardId >= shardId)
            {
                return false;
            }

            // Not cancellable: the holder must get the turn back to release it; the lower shard hands it back soon.
            turn = QueueLocked(shardId, CancellationToken.None);
            _waiters.Dequeue().TrySetResult();
        }

        await turn;
        return true;
    }

    /// <summary>Hands the turn to the lowest waiting shard, or frees it.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (_waiters.TryDequeue(out var next, out _))
            {
                next.TrySetResult();
                return;
            }

            _held = false;
        }
    }

    private async Task QueueLocked(int shardId, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue(waiter, (shardId, _arrivals++));
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                // Only a waiter still queued is cancelled; one already handed the turn keeps it and releases it.
                if (_waiters.Remove(waiter, out _, out _))
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            }
        });
        await waiter.Task;
    }
}
