using Npgsql;

namespace Cortex.Economy.Storage;

/// <summary>
/// Re-runs a whole database operation after a failure PostgreSQL asks us to retry: a serialization
/// failure or a deadlock (both roll the transaction back, so nothing was applied). Callers never
/// see these; an operation that keeps failing surfaces after a bounded number of attempts.
/// </summary>
internal static class PostgresRetry
{
    public const int MaxAttempts = 8;

    public static async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (PostgresException e) when (attempt < MaxAttempts && IsRetryable(e))
            {
                // Jittered, growing pause so the transactions that collided do not collide again.
                var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 6)));
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    public static bool IsRetryable(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
        // Two requests with the same new idempotency key raced; the loser's retry finds the winner.
        || (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == Constraints.IdempotencyKey);
}
