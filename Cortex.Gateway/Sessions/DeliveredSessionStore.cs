using Cortex.Discord.Gateway;

namespace Cortex.Gateway.Sessions;

/// <summary>
/// The store one shard connection sees. The connection saves the sequence it has <em>received</em>;
/// this clamps it to the sequence the shard's loop has <em>handled</em>, so dispatches still in the
/// buffer when the process dies are replayed on resume instead of lost.
/// </summary>
internal sealed class DeliveredSessionStore(IShardSessionStore inner, Func<DeliveredPosition> delivered) : IShardSessionStore
{
    /// <summary>Set when another replica owns the shard: nothing more is written for it from here.</summary>
    public bool Suppressed { get; set; }

    public ValueTask<ShardSession?> LoadAsync(int shardId, CancellationToken cancellationToken) => inner.LoadAsync(shardId, cancellationToken);

    public ValueTask SaveAsync(ShardSession session, CancellationToken cancellationToken)
    {
        if (Suppressed)
        {
            return ValueTask.CompletedTask;
        }

        var position = delivered();
        var sequence = position.SessionId == session.SessionId ? Math.Min(session.Sequence, position.Sequence) : 0;
        return inner.SaveAsync(session with { Sequence = sequence }, cancellationToken);
    }

    public ValueTask DeleteAsync(int shardId, CancellationToken cancellationToken) =>
        Suppressed ? ValueTask.CompletedTask : inner.DeleteAsync(shardId, cancellationToken);
}

/// <summary>The last dispatch a shard's loop handled: its session and sequence.</summary>
internal sealed record DeliveredPosition(string? SessionId, int Sequence)
{
    public static readonly DeliveredPosition None = new(null, 0);
}
