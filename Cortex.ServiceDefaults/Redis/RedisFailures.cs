using StackExchange.Redis;

namespace Cortex.ServiceDefaults.Redis;

/// <summary>
/// The one answer to "did Redis fail here?", for every catch that keeps a service up while Redis is away (a
/// background loop that pauses and tries again, a cache that falls back to PostgreSQL, a limiter's fail-open).
/// </summary>
public static class RedisFailures
{
    /// <summary>
    /// A <see cref="RedisException"/> (connection lost, server error), a timeout (<see cref="RedisTimeoutException"/>
    /// is a <see cref="TimeoutException"/>, not a RedisException: a restart shows up as one, and must never escape a
    /// background loop), or the multiplexer already disposed (the host is stopping).
    /// </summary>
    public static bool IsRedisFailure(this Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;
}
