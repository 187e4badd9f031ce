namespace Cortex.Discord.Gateway;

/// <summary>What a shard needs to resume its session on a new connection (or in another process).</summary>
/// <param name="ShardId">The shard.</param>
/// <param name="ShardCount">The shard count the session was identified with: resume only when it still matches.</param>
/// <param name="SessionId">READY's <c>session_id</c>.</param>
/// <param name="ResumeUrl">READY's <c>resume_gateway_url</c>.</param>
/// <param name="Sequence">The last dispatch sequence received.</param>
/// <param name="SavedAt">When this was saved.</param>
public sealed record ShardSession(int ShardId, int ShardCount, string SessionId, Uri ResumeUrl, int Sequence, DateTimeOffset SavedAt);

/// <summary>
/// Where shards keep their sessions between connections. The shard manager supplies a Redis one
/// so a shard moved to another replica can resume; <see cref="InMemoryShardSessionStore"/> serves one process.
/// </summary>
public interface IShardSessionStore
{
    /// <summary>The saved session of a shard, if any.</summary>
    ValueTask<ShardSession?> LoadAsync(int shardId, CancellationToken cancellationToken);

    /// <summary>Saves (replaces) a shard's session.</summary>
    ValueTask SaveAsync(ShardSession session, CancellationToken cancellationToken);

    /// <summary>Forgets a shard's session (it was invalidated).</summary>
    ValueTask DeleteAsync(int shardId, CancellationToken cancellationToken);
}
