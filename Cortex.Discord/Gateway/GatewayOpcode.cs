namespace Cortex.Discord.Gateway;

/// <summary>Gateway opcodes of API v10 (Discord's "Gateway Opcodes" table).</summary>
public enum GatewayOpcode
{
    /// <summary>Receive: an event was dispatched.</summary>
    Dispatch = 0,

    /// <summary>Send/receive: keep the connection alive; from the server, a request to heartbeat now.</summary>
    Heartbeat = 1,

    /// <summary>Send: start a new session.</summary>
    Identify = 2,

    /// <summary>Send: update the client's presence.</summary>
    PresenceUpdate = 3,

    /// <summary>Send: join, move or leave voice channels.</summary>
    VoiceStateUpdate = 4,

    /// <summary>Send: resume a previous session.</summary>
    Resume = 6,

    /// <summary>Receive: reconnect and resume immediately.</summary>
    Reconnect = 7,

    /// <summary>Send: request members of a guild.</summary>
    RequestGuildMembers = 8,

    /// <summary>Receive: the session was invalidated; <c>d</c> says whether it may be resumed.</summary>
    InvalidSession = 9,

    /// <summary>Receive: sent on connect, carries the heartbeat interval.</summary>
    Hello = 10,

    /// <summary>Receive: a heartbeat was received.</summary>
    HeartbeatAck = 11,

    /// <summary>Send: request soundboard sounds of guilds.</summary>
    RequestSoundboardSounds = 31,
}
