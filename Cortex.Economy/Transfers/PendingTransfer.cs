namespace Cortex.Economy.Transfers;

/// <summary>
/// One caller's transfer waiting for a batch (<see cref="TransferBatcher"/>). A caller that gives up before its call is
/// sent withdraws it, and it is never sent; once sent, the call runs to its end for the batch's sake (and its cache
/// store with it), and only the caller's wait is cancelled.
/// </summary>
internal sealed class PendingTransfer(TransferRequest request, string? generation, DateTimeOffset now)
{
    private const int Waiting = 0;
    private const int Sent = 1;
    private const int Withdrawn = 2;

    private readonly TaskCompletionSource<TransferOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public TransferRequest Request { get; } = request;

    /// <summary>The guild's cache generation read before the write (null: Redis was unreachable).</summary>
    public string? Generation { get; } = generation;

    public DateTimeOffset Now { get; } = now;

    public bool Keyed => Request.IdempotencyKey is not null;

    public Task<TransferOutcome> Outcome => _outcome.Task;

    /// <summary>Whether the caller is still waiting for an answer (false once it gave up).</summary>
    public bool Awaited => !_outcome.Task.IsCompleted;

    /// <summary>Claims the call for a batch; false when its caller withdrew it first.</summary>
    public bool TrySend() => Interlocked.CompareExchange(ref _state, Sent, Waiting) == Waiting;

    public void Cancel(CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _state, Withdrawn, Waiting);
        _outcome.TrySetCanceled(cancellationToken);
    }

    public void Complete(TransferOutcome outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
