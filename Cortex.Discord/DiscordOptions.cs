using Cortex.Discord.Interactions;
using Cortex.Discord.Rest;

namespace Cortex.Discord;

/// <summary>
/// The one class bound from the <c>Discord</c> section: every service that talks to Discord reads it,
/// registered and validated once by <see cref="DiscordOptionsServiceCollectionExtensions.AddDiscordOptions"/>.
/// </summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The bot token, sent as <c>Authorization: Bot &lt;token&gt;</c> and in IDENTIFY.</summary>
    public string Token { get; set; } = "";

    /// <summary>Discord's API, or the emulator's (<c>http://host/api/v10/</c>; the AppHost sets it). Must end with a slash.</summary>
    public Uri RestBaseAddress { get; set; } = DiscordDefaults.RestBaseAddress;

    /// <summary>
    /// The application's public key (64 hex digits) that signs HTTP interactions. When empty it is read
    /// once from <c>GET /applications/@me</c> (<c>verify_key</c>), which is how the emulator's is found.
    /// </summary>
    public string? PublicKey { get; set; }

    /// <summary>The bot's user id; when unset it is read once from <c>GET users/@me</c>.</summary>
    public ulong? BotUserId { get; set; }

    /// <summary>Where slash commands are registered (<c>Discord:Commands:*</c>).</summary>
    public DiscordCommandOptions Commands { get; set; } = new();

    /// <summary>Discord's global limit: requests per second per bot, across every process on the token.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>
    /// Discord bans an IP for a while after 10,000 invalid requests (401, 403, 429) in 10 minutes.
    /// The client refuses to send once this many happened in the last 10 minutes, well before that.
    /// </summary>
    public int InvalidRequestLimit { get; set; } = 8_000;

    /// <summary>A 429 asking to wait longer than this is not waited out: the call fails with <see cref="DiscordRateLimitedException"/>.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many 429s one call waits out before it gives up.</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>
    /// Rate-limit buckets kept in memory at most (every interaction token has its own bucket); past it,
    /// idle buckets are dropped, expired first, then the least recently used.
    /// </summary>
    public int MaxRateLimitBuckets { get; set; } = RateLimitBuckets.DefaultCapacity;

    /// <summary>
    /// Share the global limit with the other processes on the token. Cortex.Discord itself keeps a per-process
    /// limit; the application that hosts it reads this flag and supplies a shared <see cref="IGlobalRateLimiter"/>.
    /// </summary>
    public bool ShareGlobalLimitThroughRedis { get; set; }
}

/// <summary><c>Discord:Commands</c>: where the declared slash commands are registered.</summary>
public sealed class DiscordCommandOptions
{
    /// <summary><c>Discord:Commands:Scope</c>; unset: Guild in Development, Global otherwise.</summary>
    public CommandScope? Scope { get; set; }

    /// <summary>Guilds for guild-scoped registration (<c>Discord:Commands:GuildIds</c>); empty: every guild the bot is in.</summary>
    public List<ulong> GuildIds { get; } = [];
}
