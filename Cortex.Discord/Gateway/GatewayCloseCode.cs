namespace Cortex.Discord.Gateway;

/// <summary>Gateway close event codes (Discord's "Gateway Close Event Codes" table).</summary>
public enum GatewayCloseCode
{
    /// <summary>Not sure what went wrong. Reconnect and resume.</summary>
    UnknownError = 4000,

    /// <summary>An invalid opcode or payload for an opcode was sent. Reconnect and resume.</summary>
    UnknownOpcode = 4001,

    /// <summary>An invalid payload (or one over 4096 bytes) was sent. Reconnect and resume.</summary>
    DecodeError = 4002,

    /// <summary>A payload was sent before identifying, or the session was invalidated. New session.</summary>
    NotAuthenticated = 4003,

    /// <summary>The token in IDENTIFY is wrong. Fatal.</summary>
    AuthenticationFailed = 4004,

    /// <summary>More than one IDENTIFY was sent. Reconnect and resume.</summary>
    AlreadyAuthenticated = 4005,

    /// <summary>The sequence sent when resuming was invalid. New session.</summary>
    InvalidSequence = 4007,

    /// <summary>More than 120 payloads in 60 s. Reconnect and resume.</summary>
    RateLimited = 4008,

    /// <summary>The session timed out. New session.</summary>
    SessionTimedOut = 4009,

    /// <summary>An invalid shard was sent when identifying. Fatal.</summary>
    InvalidShard = 4010,

    /// <summary>The session would hold too many guilds. Fatal.</summary>
    ShardingRequired = 4011,

    /// <summary>An invalid gateway version. Fatal.</summary>
    InvalidApiVersion = 4012,

    /// <summary>An invalid intent bit. Fatal.</summary>
    InvalidIntents = 4013,

    /// <summary>A privileged intent the application is not allowed. Fatal.</summary>
    DisallowedIntents = 4014,
}

/// <summary>What a shard does after the connection closed with a given code.</summary>
public enum CloseAction
{
    /// <summary>Reconnect to <c>resume_gateway_url</c> and RESUME the session.</summary>
    Resume,

    /// <summary>Reconnect to the gateway URL and IDENTIFY a new session.</summary>
    Reidentify,

    /// <summary>Reconnecting can never help: stop the shard and report why.</summary>
    Stop,
}

/// <summary>The documented reaction to each close code.</summary>
public static class GatewayCloseCodes
{
    /// <summary>
    /// Classifies a close code. Codes outside Discord's table (1000, 1001, 1006, none at all)
    /// are treated as transport failures: resume, and a dead session answers with op 9.
    /// </summary>
    public static CloseAction ActionFor(int? closeCode) => closeCode switch
    {
        (int)GatewayCloseCode.AuthenticationFailed
            or (int)GatewayCloseCode.InvalidShard
            or (int)GatewayCloseCode.ShardingRequired
            or (int)GatewayCloseCode.InvalidApiVersion
            or (int)GatewayCloseCode.InvalidIntents
            or (int)GatewayCloseCode.DisallowedIntents => CloseAction.Stop,
        (int)GatewayCloseCode.NotAuthenticated
            or (int)GatewayCloseCode.InvalidSequence
            or (int)GatewayCloseCode.SessionTimedOut => CloseAction.Reidentify,
        _ => CloseAction.Resume,
    };

    /// <summary>A sentence an operator can act on, for logs and the shard's stop reason.</summary>
    public static string Describe(int? closeCode) => closeCode switch
    {
        null => "the connection dropped without a close frame",
        (int)GatewayCloseCode.UnknownError => "4000 unknown error",
        (int)GatewayCloseCode.UnknownOpcode => "4001 unknown opcode: an invalid opcode or payload was sent",
        (int)GatewayCloseCode.DecodeError => "4002 decode error: an invalid or oversized payload was sent",
        (int)GatewayCloseCode.NotAuthenticated => "4003 not authenticated: a payload was sent before identifying",
        (int)GatewayCloseCode.AuthenticationFailed => "4004 authentication failed: the bot token is wrong",
        (int)GatewayCloseCode.AlreadyAuthenticated => "4005 already authenticated: IDENTIFY was sent twice",
        (int)GatewayCloseCode.InvalidSequence => "4007 invalid seq: the resume sequence was invalid",
        (int)GatewayCloseCode.RateLimited => "4008 rate limited: more than 120 payloads in 60 s",
        (int)GatewayCloseCode.SessionTimedOut => "4009 session timed out",
        (int)GatewayCloseCode.InvalidShard => "4010 invalid shard: the shard id or count is out of range",
        (int)GatewayCloseCode.ShardingRequired => "4011 sharding required: too many guilds for one shard, raise the shard count",
        (int)GatewayCloseCode.InvalidApiVersion => "4012 invalid API version",
        (int)GatewayCloseCode.InvalidIntents => "4013 invalid intents: an unknown intent bit was sent",
        (int)GatewayCloseCode.DisallowedIntents => "4014 disallowed intents: a privileged intent is not enabled for this application",
        var code => $"{code} (not a gateway close code)",
    };
}
