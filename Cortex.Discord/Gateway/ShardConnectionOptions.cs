using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway.Payloads;

namespace Cortex.Discord.Gateway;

/// <summary>Everything one shard connection needs; validated when the connection is created.</summary>
public sealed record ShardConnectionOptions
{
    /// <summary>The bot token (without the "Bot " prefix).</summary>
    public required string Token { get; init; }

    /// <summary>The gateway URL from GET /gateway/bot, without query string.</summary>
    public required Uri GatewayUrl { get; init; }

    /// <summary>This shard's id.</summary>
    public int ShardId { get; init; }

    /// <summary>The total shard count.</summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>The intents to identify with.</summary>
    public GatewayIntents Intents { get; init; } = GatewayIntents.Guilds | GatewayIntents.GuildMessages;

    /// <summary>The wire encoding.</summary>
    public GatewayEncoding Encoding { get; init; } = GatewayEncoding.Json;

    /// <summary>The transport compression: <see cref="TransportCompressions.Preferred"/> unless set.</summary>
    public TransportCompression Compression { get; init; } = TransportCompressions.Preferred;

    /// <summary>IDENTIFY's <c>large_threshold</c> (50–250), or null for Discord's default.</summary>
    public int? LargeThreshold { get; init; }

    /// <summary>IDENTIFY's initial presence.</summary>
    public PresenceUpdatePayload? Presence { get; init; }

    /// <summary>IDENTIFY's connection properties.</summary>
    public IdentifyProperties Properties { get; init; } = IdentifyProperties.Default;

    /// <summary>How long to wait for the socket to open and HELLO to arrive.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for READY after IDENTIFY, or RESUMED after RESUME.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>First delay before reconnecting after a failed connection; doubles up to <see cref="MaxReconnectDelay"/> (<see cref="ReconnectBackoff"/>).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Up to this much is added at random to each reconnect delay, so shards that failed together spread out.</summary>
    public TimeSpan ReconnectJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnect delay (jitter included).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Source of the reconnect jitter; tests pass a seeded or fixed one.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>After op 9 <c>false</c>, wait a random time up to this before identifying again (Discord suggests 1–5 s).</summary>
    public TimeSpan InvalidSessionDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Capacity of the dispatch channel; the receive loop waits when the consumer falls this far behind.</summary>
    public int DispatchBufferSize { get; init; } = 4096;

    /// <summary>
    /// The largest payload taken from the gateway, in bytes: one WebSocket message, what it inflates to, and the compressed
    /// fragments of one payload together. A larger one (a decompression bomb, a broken or hostile endpoint) fails the
    /// connection as a decode error, logged with this limit, and the shard reconnects; it never reaches memory whole.
    /// Discord documents no maximum; its largest payloads, a big guild's GUILD_CREATE, are a few MB.
    /// </summary>
    public int MaxReceivePayloadBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Throws when the options cannot work, with a message naming the field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException("A bot token is required.", nameof(Token));
        }

        if (GatewayUrl is null || !GatewayUrl.IsAbsoluteUri || (GatewayUrl.Scheme != "ws" && GatewayUrl.Scheme != "wss"))
        {
            throw new ArgumentException("The gateway URL must be an absolute ws:// or wss:// URL.", nameof(GatewayUrl));
        }

        if (ShardCount < 1 || ShardId < 0 || ShardId >= ShardCount)
        {
            throw new ArgumentException($"Shard [{ShardId}, {ShardCount}] is out of range: 0 <= id < count.", nameof(ShardId));
        }

        if ((Intents & ~GatewayIntents.All) != 0)
        {
            throw new ArgumentException($"Intents {(int)Intents} include bits Discord does not define.", nameof(Intents));
        }

        if (LargeThreshold is < 50 or > 250)
        {
            throw new ArgumentException("large_threshold must be between 50 and 250.", nameof(LargeThreshold));
        }

        if (MaxReceivePayloadBytes < 64 * 1024)
        {
            throw new ArgumentException("The receive limit must be at least 64 KiB: HELLO and READY alone can come near it.", nameof(MaxReceivePayloadBytes));
        }

        if (HelloTimeout <= TimeSpan.Zero || ReadyTimeout <= TimeSpan.Zero || ReconnectDelay < TimeSpan.Zero || ReconnectJitter < TimeSpan.Zero || DispatchBufferSize < 1)
        {
            throw new ArgumentException("Timeouts must be positive and the dispatch buffer at least 1.");
        }
    }
}
