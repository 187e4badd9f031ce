using Cortex.Discord.Gateway;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Gateway;

/// <summary>How the emulator's gateway behaves. Bound from <c>Emulator:Gateway</c>; the token from <see cref="EmulatorOptions.BotToken"/>.</summary>
public sealed class EmulatorGatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Emulator:Gateway";

    /// <summary>HELLO's <c>heartbeat_interval</c>, in milliseconds.</summary>
    public int HeartbeatIntervalMilliseconds { get; set; } = 41_250;

    /// <summary>How late past the interval a heartbeat may be before the connection is closed (4009).</summary>
    public int HeartbeatGraceMilliseconds { get; set; } = 5_000;

    /// <summary>How long a disconnected session stays resumable.</summary>
    public int SessionTimeoutSeconds { get; set; } = 180;

    /// <summary>Dispatches kept per session for RESUME replay.</summary>
    public int ReplayBufferSize { get; set; } = 10_000;

    /// <summary><c>session_start_limit.max_concurrency</c>: the number of identify buckets.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>How often each identify bucket may identify, in milliseconds.</summary>
    public int IdentifyWindowMilliseconds { get; set; } = 5_000;

    /// <summary><c>session_start_limit.total</c>; every IDENTIFY consumes one until the daily reset.</summary>
    public int SessionStartLimit { get; set; } = 1_000;

    /// <summary>GET /gateway/bot's recommended <c>shards</c>.</summary>
    public int RecommendedShards { get; set; } = 1;

    /// <summary>Privileged intents this application is allowed; any other privileged intent closes with 4014.</summary>
    public GatewayIntents AllowedPrivilegedIntents { get; set; } = GatewayIntents.GuildMembers | GatewayIntents.MessageContent;

    /// <summary>The most guilds one shard may hold (4011 above).</summary>
    public int MaxGuildsPerShard { get; set; } = GatewayLimits.MaxGuildsPerShard;

    /// <summary>HELLO's interval as a span.</summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromMilliseconds(HeartbeatIntervalMilliseconds);
}

/// <summary>Fails start-up with a clear message when the gateway cannot work.</summary>
public sealed class EmulatorGatewayOptionsValidator : IValidateOptions<EmulatorGatewayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmulatorGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.HeartbeatIntervalMilliseconds < 10)
        {
            failures.Add("Emulator:Gateway:HeartbeatIntervalMilliseconds must be at least 10.");
        }

        if (options.MaxConcurrency < 1 || options.RecommendedShards < 1 || options.ReplayBufferSize < 1 || options.SessionTimeoutSeconds < 1)
        {
            failures.Add("Emulator:Gateway MaxConcurrency, RecommendedShards, ReplayBufferSize and SessionTimeoutSeconds must be positive.");
        }

        if ((options.AllowedPrivilegedIntents & ~GatewayIntents.Privileged) != 0)
        {
            failures.Add("Emulator:Gateway:AllowedPrivilegedIntents may only name GuildMembers, GuildPresences and MessageContent.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
