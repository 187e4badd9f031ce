using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Events.Streams;
using Cortex.Economy.Streams;
using StackExchange.Redis;

namespace Cortex.Economy.Xp;

/// <summary>
/// Grants XP for chat messages from <see cref="EventStreams.Messages"/>. Bots, webhooks and DMs earn
/// nothing. A redelivered message is harmless: the per-member cooldown already covers it.
/// </summary>
public sealed partial class MessageXpConsumer(
    IConnectionMultiplexer redis,
    XpService xp,
    MessageXpConsumerOptions consumerOptions,
    TimeProvider timeProvider,
    ILogger<MessageXpConsumer> logger)
    : GroupStreamConsumer(redis, consumerOptions.Stream, timeProvider, logger)
{
    protected override async Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        var payload = entry[EventStreams.Fields.Payload];
        ChatMessage? message;
        try
        {
            message = payload.IsNullOrEmpty ? null : JsonSerializer.Deserialize((byte[])payload!, XpJsonContext.Default.ChatMessage);
        }
        catch (JsonException e)
        {
            LogMalformed(logger, entry.Id.ToString(), e);
            return;
        }

        if (message is not { GuildId: { } guild, Author: { Bot: not true } author, WebhookId: null }
            || !long.TryParse(guild, NumberStyles.None, CultureInfo.InvariantCulture, out var guildId)
            || !long.TryParse(author.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return;
        }

        await xp.GrantForMessageAsync(guildId, userId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping message entry {EntryId}: payload is not a message")]
    private static partial void LogMalformed(ILogger logger, string entryId, Exception exception);
}

/// <summary>
/// The four fields of a MESSAGE_CREATE the XP grant needs. XP reads every message in every guild, so it
/// binds only these instead of Cortex.Discord's whole message model.
/// </summary>
public sealed record ChatMessage(string Id, string? GuildId, ChatAuthor? Author, string? WebhookId);

public sealed record ChatAuthor(string Id, bool? Bot = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChatMessage))]
internal sealed partial class XpJsonContext : JsonSerializerContext;

public sealed class MessageXpConsumerOptions
{
    public const string Section = "Economy:MessageXp";

    public StreamConsumerOptions Stream { get; set; } = new() { Stream = EventStreams.Messages };
}
