using System.Globalization;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Ai.Guilds;

/// <summary>
/// Tells every AI replica that a guild's configuration (AI settings, moderation) changed, over Redis
/// pub/sub, so each forgets its cached copy at once instead of serving the old one for up to 30 s.
/// Pub/sub is fire-and-forget: while this replica is cut off from Redis it misses announcements, so it
/// forgets everything when the connection comes back, and the caches' lifetime bounds the rest.
/// </summary>
public sealed partial class GuildConfigChanges(IConnectionMultiplexer redis, RedisKeys keys, ILogger<GuildConfigChanges> logger)
{
    private readonly List<(Action<ulong> Forget, Action ForgetAll)> _caches = [];

    public RedisChannel Channel { get; } = RedisChannel.Literal(keys.Prefix + "ai:guild-config-changed");

    public void Subscribe(Action<ulong> forget, Action forgetAll)
    {
        lock (_caches)
        {
            _caches.Add((forget, forgetAll));
        }
    }

    /// <summary>After a change is committed: this replica forgets now, the others when the message arrives.</summary>
    public async Task AnnounceAsync(ulong guildId)
    {
        Forget(guildId);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, guildId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            // The change is committed; the other replicas see it when their cached copy expires.
            LogAnnounceFailed(logger, guildId, e);
        }
    }

    internal void Received(RedisValue message)
    {
        if (ulong.TryParse((string?)message, NumberStyles.None, CultureInfo.InvariantCulture, out var guildId))
        {
            Forget(guildId);
        }
    }

    internal void ForgetAll()
    {
        foreach (var cache in Caches())
        {
            cache.ForgetAll();
        }
    }

    private void Forget(ulong guildId)
    {
        foreach (var cache in Caches())
        {
            cache.Forget(guildId);
        }
    }

    private (Action<ulong> Forget, Action ForgetAll)[] Caches()
    {
        lock (_caches)
        {
            return [.. _caches];
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not announce the configuration change of guild {GuildId}; other replicas keep their copy until it expires.")]
    private static partial void LogAnnounceFailed(ILogger logger, ulong guildId, Exception exception);
}
