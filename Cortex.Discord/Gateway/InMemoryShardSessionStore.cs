using System.Collections.Concurrent;

namespace Cortex.Discord.Gateway;

/// <summary>Sessions kept in this process: enough for shards that never move between processes.</summary>
public sealed class InMemoryShardSessionStore : IShardSessionStore
{
    private readonly ConcurrentDictionary<int, ShardSession> _sessions = new();

    /// <inheritdoc />
    public ValueTask<ShardSession?> LoadAsync(int shardId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_sessions.TryGetValue(shardId, out var session) ? session : null);

    /// <inheritdoc />
    public ValueTask SaveAsync(ShardSession session, CancellationToken cancellationToken)
    {
        _sessions[session.ShardId] = session;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(int shardId, CancellationToken cancellationToken)
    {
        _sessions.TryRemove(shardId, out _);
        return ValueTask.CompletedTask;
    }
}
