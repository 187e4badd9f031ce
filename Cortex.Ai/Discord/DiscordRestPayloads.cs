using System.Text.Json.Serialization;

namespace Cortex.Ai.Discord;

/// <summary>
/// <c>parse: []</c> means no mention in the text pings anyone: not @everyone, @here, roles or users.
/// Only the author of the message replied to is pinged, as a reply normally does.
/// </summary>
internal sealed record AllowedMentions(
    [property: JsonPropertyName("parse")] string[] Parse,
    [property: JsonPropertyName("replied_user")] bool RepliedUser)
{
    public static readonly AllowedMentions RepliedUserOnly = new([], RepliedUser: true);
    public static readonly AllowedMentions Nobody = new([], RepliedUser: false);
}

internal sealed record MessageReference(
    [property: JsonPropertyName("message_id")] string MessageId,
    [property: JsonPropertyName("fail_if_not_exists")] bool FailIfNotExists);

internal sealed record CreateMessage(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("allowed_mentions")] AllowedMentions AllowedMentions,
    [property: JsonPropertyName("message_reference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageReference? MessageReference = null,
    [property: JsonPropertyName("flags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Flags = null);

internal sealed record InteractionCallback(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CreateMessage? Data);

internal sealed record CurrentUser([property: JsonPropertyName("id")] string Id);

internal sealed record GuildSummary([property: JsonPropertyName("name")] string Name);

/// <summary>Numbers from Discord's interaction documentation.</summary>
internal static class InteractionCallbackType
{
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
}

internal static class MessageFlags
{
    public const int Ephemeral = 1 << 6;
}

[JsonSerializable(typeof(CreateMessage))]
[JsonSerializable(typeof(InteractionCallback))]
[JsonSerializable(typeof(CurrentUser))]
[JsonSerializable(typeof(GuildSummary))]
internal sealed partial class DiscordRestJsonContext : JsonSerializerContext;
