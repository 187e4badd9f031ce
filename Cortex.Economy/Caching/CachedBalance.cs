using Cortex.Economy.Accounts;

namespace Cortex.Economy.Caching;

/// <summary>
/// What one cache read found: the guild's generation and the member's snapshot under it (null on a miss), or
/// the Redis failure that stopped it (the caller then reads PostgreSQL).
/// </summary>
public readonly record struct CachedBalance(string Generation, AccountSnapshot? Snapshot, Exception? Failure = null);
