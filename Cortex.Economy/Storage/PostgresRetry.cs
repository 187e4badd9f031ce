using Npgsql;

namespace Cortex.Economy.Storage;

/// <summary>
/// Re-runs a whole database operation after a failure that left nothing applied, or whose replay is
/// harmless. Callers never see these; an operation that keeps failing surfaces after a bounded time.
/// <list type="bullet">
/// <item>Serialization failures, deadlocks and a lost race for a new idempotency key: the transaction
/// was rolled back. Retried at once with a short jittered pause.</item>
/// <item>The server going away (<c>57P01</c> admin shutdown, <c>57P02</c>, <c>57P03</c> starting up, class
/// <c>08</c>): an error the server sent means the statement did not commit. Pooled connections of the
/// old server are all dead, so the pool is cleared; retried for a few seconds (a restart or failover).</item>
/// <item>A connection broken mid-statement with no answer: the statement may have committed. Retried
/// only for <paramref name="idempotent"/> work (an idempotency key turns a second run into a replay).</item>
/// </list>
/// </summary>
internal static class PostgresRetry
{
    public const int MaxAttempts = 8;

    /// <summary>Attempts while the server restarts: about 10 s of growing pauses, capped at 1 s.</summary>
    public const int MaxReconnectAttempts = 16;

    public static async Task<T> ExecuteAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken,
        NpgsqlDataSource? dataSource = null,
        bool idempotent = false)
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
            catch (NpgsqlException e) when (attempt < MaxReconnectAttempts && IsConnectionLost(e, idempotent))
            {
                dataSource?.Clear();
                var delay = TimeSpan.FromMilliseconds(Math.Min(1_000, 50 << Math.Min(attempt, 5)) + Random.Shared.Next(0, 50));
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    public static bool IsRetryable(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
        // Two requests with the same new idempotency key raced; the loser's retry finds the winner.
        || (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == Constraints.IdempotencyKey);

    /// <summary>The server went away: certainly not applied when it said so, possibly applied otherwise.</summary>
    public static bool IsConnectionLost(NpgsqlException e, bool idempotent) => e switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            || (p.SqlState.StartsWith("08", StringComparison.Ordinal) && p.SqlState != PostgresErrorCodes.ProtocolViolation),
        _ => e.IsTransient && (idempotent || NeverReachedServer(e)),
    };

    // Refused or reset while opening: nothing was sent, so any work may run again.
    private static bool NeverReachedServer(NpgsqlException e) =>
        e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
}
