using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Ai.Streams;

/// <summary>The fields of MESSAGE_CREATE the AI worker reads; Discord sends ids as strings.</summary>
public sealed record MessageCreateEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("channel_id")] string ChannelId,
    [property: JsonPropertyName("guild_id")] string? GuildId,
    [property: JsonPropertyName("author")] DiscordUser Author,
    [property: JsonPropertyName("member")] GuildMember? Member,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("mentions")] IReadOnlyList<DiscordUser>? Mentions,
    [property: JsonPropertyName("webhook_id")] string? WebhookId);

public sealed record DiscordUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("global_name")] string? GlobalName,
    [property: JsonPropertyName("bot")] bool? Bot)
{
    public string DisplayName => GlobalName ?? Username ?? "user";
}

public sealed record GuildMember(
    [property: JsonPropertyName("nick")] string? Nick,
    [property: JsonPropertyName("user")] DiscordUser? User)
{
    /// <summary>The member's permissions in the channel (a decimal bit set); Discord sends it with interactions.</summary>
    [JsonPropertyName("permissions")]
    public string? Permissions { get; init; }
}

/// <summary>The fields of INTERACTION_CREATE the AI worker reads.</summary>
public sealed record InteractionCreateEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("application_id")] string ApplicationId,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("guild_id")] string? GuildId,
    [property: JsonPropertyName("channel_id")] string? ChannelId,
    [property: JsonPropertyName("member")] GuildMember? Member,
    [property: JsonPropertyName("user")] DiscordUser? User,
    [property: JsonPropertyName("data")] CommandData? Data)
{
    /// <summary>APPLICATION_COMMAND, from Discord's interaction types.</summary>
    public const int ApplicationCommand = 2;

    public DiscordUser? Caller => Member?.User ?? User;
}

public sealed record CommandData(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("options")] IReadOnlyList<CommandOption>? Options);

/// <summary>An option or subcommand; <see cref="Value"/> is a string, number or boolean depending on type.</summary>
public sealed record CommandOption(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("value")] JsonElement? Value,
    [property: JsonPropertyName("options")] IReadOnlyList<CommandOption>? Options);

[JsonSerializable(typeof(MessageCreateEvent))]
[JsonSerializable(typeof(InteractionCreateEvent))]
internal sealed partial class DiscordEventsJsonContext : JsonSerializerContext;
