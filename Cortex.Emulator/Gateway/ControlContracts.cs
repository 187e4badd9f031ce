using System.Text.Json;

namespace Cortex.Emulator.Gateway;

/// <summary>POST /control/users.</summary>
internal sealed record CreateUserRequest(string Username, string? GlobalName = null, bool Bot = false);

/// <summary>POST /control/guilds (snowflakes as strings, as in Discord's JSON).</summary>
internal sealed record CreateGuildRequest(string Name, string? OwnerId = null);

/// <summary>POST /control/guilds/{id}/channels.</summary>
internal sealed record CreateChannelRequest(string Name, int? Type = null, string? ParentId = null);

/// <summary>POST /control/guilds/{id}/members.</summary>
internal sealed record AddMemberRequest(string UserId, string[]? RoleIds = null);

/// <summary>
/// POST /control/guilds/{id}/roles. Without a position the role goes on top; a position below the
/// bot's highest role makes a role the bot may grant (as a server admin would drag it there).
/// </summary>
internal sealed record CreateRoleRequest(string Name, string? Permissions = null, int Color = 0, int? Position = null, bool Managed = false);

/// <summary>POST /control/messages: a user posts a message (MESSAGE_CREATE follows).</summary>
internal sealed record CreateMessageRequest(string ChannelId, string AuthorId, string Content);

/// <summary>POST /control/gateway/dispatch: any dispatch, routed by guild or to a shard (default shard 0).</summary>
internal sealed record DispatchRequest(string Type, JsonElement Data, string? GuildId = null, int? ShardId = null);

/// <summary>How many sessions a dispatch reached.</summary>
internal sealed record DispatchResult(int Sessions);

/// <summary>POST /control/gateway/connections/{id}/close: a close code, or <c>abort</c> for no close frame.</summary>
internal sealed record CloseRequest(int? Code = null, bool Abort = false);

/// <summary>POST /control/gateway/connections/{id}/heartbeat-acks.</summary>
internal sealed record ToggleRequest(bool Enabled);

/// <summary>POST /control/gateway/connections/{id}/latency: delay added before every frame sent.</summary>
internal sealed record LatencyRequest(int Milliseconds);

/// <summary>POST /control/gateway/connections/{id}/invalid-session.</summary>
internal sealed record InvalidSessionRequest(bool Resumable);

/// <summary>
/// POST /control/gateway/connections/{id}/firehose: <c>count</c> events of the named mix (default <c>recorded</c>), sent as
/// fast as the client reads, or at <c>events_per_second</c> on this connection when given.
/// </summary>
internal sealed record FirehoseRequest(int Count, string? Mix = null, int? EventsPerSecond = null);

/// <summary>
/// The firehose is ready and sending: <c>first_sequence</c> is the sequence of its first event; <c>prepared_bytes</c> the
/// wire bytes encoded and compressed before the first was sent (all of them, unless the round passed the slice size).
/// </summary>
internal sealed record FirehoseResult(int ConnectionId, int Count, int FirstSequence, long PreparedBytes);

/// <summary>A live gateway connection.</summary>
internal sealed record ConnectionView(
    int Id,
    string? SessionId,
    int? ShardId,
    int? ShardCount,
    string Encoding,
    string? Compression,
    bool ViaResumeUrl,
    bool AckHeartbeats,
    int LatencyMilliseconds,
    int HeartbeatsReceived,
    int Backlog,
    DateTimeOffset ConnectedAt);

/// <summary>A live (or resumable) session.</summary>
internal sealed record SessionView(string Id, int ShardId, int ShardCount, int Sequence, bool Connected, int Intents);
