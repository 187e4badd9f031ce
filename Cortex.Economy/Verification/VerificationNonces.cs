using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Economy.Verification;

/// <summary>
/// Each link works once: its nonce is claimed with SET NX in Redis, kept until the link would have
/// expired anyway. Redis errors propagate, so verification fails closed when Redis is down.
/// </summary>
public sealed class VerificationNonces(IConnectionMultiplexer redis, IOptions<VerificationOptions> options, TimeProvider timeProvider)
{
    private RedisKey Key(string nonce) => $"{options.Value.NonceKeyPrefix}:{nonce}";

    public Task<bool> IsUsedAsync(VerificationLink link) => redis.GetDatabase().KeyExistsAsync(Key(link.Nonce));

    /// <summary>True for the first claim of the nonce, false for every later one.</summary>
    public Task<bool> TryClaimAsync(VerificationLink link)
    {
        var ttl = link.ExpiresAt - timeProvider.GetUtcNow();
        return redis.GetDatabase().StringSetAsync(Key(link.Nonce), "1", ttl > TimeSpan.FromSeconds(1) ? ttl : TimeSpan.FromSeconds(1), When.NotExists);
    }

    /// <summary>Gives a claimed nonce back, when granting the role failed and the member should retry.</summary>
    public Task ReleaseAsync(VerificationLink link) => redis.GetDatabase().KeyDeleteAsync(Key(link.Nonce));
}
