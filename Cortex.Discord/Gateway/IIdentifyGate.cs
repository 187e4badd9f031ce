namespace Cortex.Discord.Gateway;

/// <summary>
/// Admits IDENTIFY calls: at most <c>max_concurrency</c> buckets (<c>shard_id % max_concurrency</c>), each
/// at most once per 5 s. The shard manager supplies one shared by every shard of the bot (across
/// replicas, a Redis one); a shard waits here before each IDENTIFY, never before RESUME.
/// </summary>
public interface IIdentifyGate
{
    /// <summary>Waits until shard <paramref name="shardId"/> may identify, and takes that slot.</summary>
    ValueTask WaitAsync(int shardId, CancellationToken cancellationToken);

    /// <summary>
    /// Called once the IDENTIFY granted by <see cref="WaitAsync"/> has been written to the socket, so the bucket's
    /// window runs from the IDENTIFY as sent rather than from the grant (never called for RESUME).
    /// </summary>
    ValueTask IdentifySentAsync(int shardId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
