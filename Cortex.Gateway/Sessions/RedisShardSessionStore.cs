using Cortex.Discord.Gateway;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Sessions;

/// <summary>
/// Sessions in Redis (<c>session:{shardId}</c>, TTL 90 s), so a shard resumes wherever it runs next:
/// after a respawn, a restart of the process, or on the replica that took it over. A session saved
/// more than <see cref="GatewayOptions.ResumeWindow"/> ago is not offered for resuming.
/// </summary>
internal sealed class RedisShardSessionStore(IConnectionMultiplexer redis, GatewayKeys keys, IOptions<GatewayOptions> options, TimeProvider time)
    : IShardSessionStore
{
    public async ValueTask<ShardSession?> LoadAsync(int shardId, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.Session(shardId));
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var stored = StoredSession.Deserialize((byte[])value!);
        if (stored is null || time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(stored.SavedAt) >= options.Value.ResumeWindow)
        {
            return null;
        }

        return stored.ToShardSession(shardId);
    }

    public async ValueTask SaveAsync(ShardSession session, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringSetAsync(keys.Session(session.ShardId), StoredSession.Serialize(session), options.Value.SessionTtl);

    public async ValueTask DeleteAsync(int shardId, CancellationToken cancellationToken) =>
        await redis.GetDatabase().KeyDeleteAsync(keys.Session(shardId));
}
