using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Discord.Models;

namespace Cortex.Emulator.Rest;

public sealed record MessageDeleteBulkEvent(IReadOnlyList<Snowflake> Ids, Snowflake ChannelId, Snowflake? GuildId);

/// <summary>MESSAGE_REACTION_ADD / _REMOVE (the member only on an add in a guild).</summary>
public sealed record MessageReactionEvent
{
    public required Snowflake UserId { get; init; }
    public required Snowflake ChannelId { get; init; }
    public required Snowflake MessageId { get; init; }
    public Snowflake? GuildId { get; init; }
    public GuildMember? Member { get; init; }
    public required Emoji Emoji { get; init; }
    public Snowflake? MessageAuthorId { get; init; }
    public bool Burst { get; init; }
    public int Type { get; init; }
}

/// <summary>The JSON of the routes added for issue 16 (bulk delete, DMs, reactions, audit log); snake_case as Discord's.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageDeleteBulkEvent))]
[JsonSerializable(typeof(MessageReactionEvent))]
[JsonSerializable(typeof(AuditLogEntry))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>[]))]
[JsonSerializable(typeof(string))]
public sealed partial class RestRouteJsonContext : JsonSerializerContext;
