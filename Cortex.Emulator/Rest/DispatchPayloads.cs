using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Discord.Models;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

public sealed record MessageDeleteEvent(Snowflake Id, Snowflake ChannelId, Snowflake? GuildId);

public sealed record GuildBanEvent(Snowflake GuildId, User User);

public sealed record GuildMemberRemoveEvent(Snowflake GuildId, User User);

public sealed record GuildMemberUpdateEvent(
    Snowflake GuildId,
    User User,
    IReadOnlyList<Snowflake> Roles,
    DateTimeOffset JoinedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Nick,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? CommunicationDisabledUntil);

/// <summary>A message as Discord dispatches it: the message plus the guild member of its author.</summary>
public sealed record MessageCreateEvent
{
    public required Message Message { get; init; }
    public GuildMember? Member { get; init; }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageDeleteEvent))]
[JsonSerializable(typeof(GuildBanEvent))]
[JsonSerializable(typeof(GuildMemberRemoveEvent))]
[JsonSerializable(typeof(GuildMemberUpdateEvent))]
[JsonSerializable(typeof(RestLimitOverride))]
[JsonSerializable(typeof(ChatSnapshot))]
[JsonSerializable(typeof(ChatSendRequest))]
[JsonSerializable(typeof(ChatCommandRequest))]
[JsonSerializable(typeof(ChatComponentRequest))]
[JsonSerializable(typeof(ChatFeedEvent))]
[JsonSerializable(typeof(InteractionDeliveryRequest))]
[JsonSerializable(typeof(InteractionDeliveryResult))]
[JsonSerializable(typeof(SeedWorld))]
[JsonSerializable(typeof(IReadOnlyList<Message>))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(string))]
public sealed partial class EmulatorRestJsonContext : JsonSerializerContext;
