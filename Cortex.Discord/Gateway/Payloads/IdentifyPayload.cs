namespace Cortex.Discord.Gateway.Payloads;

/// <summary>The <c>d</c> of IDENTIFY (op 2).</summary>
public sealed record IdentifyPayload(
    string Token,
    IdentifyProperties Properties,
    int Intents,
    int[] Shard,
    int? LargeThreshold = null,
    PresenceUpdatePayload? Presence = null,
    bool? Compress = null);

/// <summary>The <c>properties</c> of IDENTIFY.</summary>
public sealed record IdentifyProperties(string Os, string Browser, string Device)
{
    /// <summary>Cortex's defaults.</summary>
    public static IdentifyProperties Default { get; } = new(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "cortex", "cortex");
}

/// <summary>The <c>d</c> of PRESENCE_UPDATE (op 3), also IDENTIFY's initial presence.</summary>
public sealed record PresenceUpdatePayload(long? Since, IReadOnlyList<PresenceActivity> Activities, string Status, bool Afk);

/// <summary>One activity of a presence.</summary>
public sealed record PresenceActivity(string Name, int Type, string? State = null);

/// <summary>The <c>d</c> of RESUME (op 6).</summary>
public sealed record ResumePayload(string Token, string SessionId, int Seq);

/// <summary>The <c>d</c> of HELLO (op 10).</summary>
public sealed record HelloPayload(int HeartbeatInterval);

/// <summary>The part of READY a shard needs to keep its session.</summary>
public sealed record ReadyPayload(int V, ReadyUser User, string SessionId, string ResumeGatewayUrl, IReadOnlyList<UnavailableGuild> Guilds, int[]? Shard);

/// <summary>The bot user of READY.</summary>
public sealed record ReadyUser(string Id, string Username);

/// <summary>A guild listed in READY before its GUILD_CREATE.</summary>
public sealed record UnavailableGuild(string Id, bool? Unavailable);
