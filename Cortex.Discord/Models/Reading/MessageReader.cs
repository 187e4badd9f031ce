using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Cortex.Discord.Models;

/// <summary>
/// MESSAGE_CREATE's hot path: the message, its author, mentions and member read by hand in one <see cref="Utf8JsonReader"/>
/// pass when the payload has the shape Discord sends for a chat message (ids, author, member, content, timestamps, flags,
/// mentions, empty attachment and embed lists). Anything else (an attachment, an embed, a reply, a component, a field in
/// another case or of another type, a malformed payload) is read by the source-generated serializer, whole, so the result
/// is always what <see cref="DiscordJsonContext"/> gives. The serializer builds these init-only records through its
/// parameterized-constructor path (every field boxed into an argument array), several times the cost of this pass.
/// </summary>
public static partial class MessageReader
{
    /// <summary>The message, or null for a JSON <c>null</c>, as <c>JsonSerializer.Deserialize</c> with <see cref="DiscordJsonContext"/>.</summary>
    /// <exception cref="JsonException">The payload is not a message.</exception>
    public static Message? Read(ReadOnlySpan<byte> json) =>
        TryReadHot(json, out var message) ? message : JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Message);

    /// <summary>The hand pass alone: false when the payload is not of the hot shape (or not valid JSON) and needs the serializer.</summary>
    public static bool TryReadHot(ReadOnlySpan<byte> json, [NotNullWhen(true)] out Message? message)
    {
        message = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && TryMessage(ref reader, out message) && !reader.Read();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or a string that is not UTF-8: the serializer reports it in its own words.
            message = null;
            return false;
        }
    }

    /// <summary>Reads the message object the reader is on; false when it is not of the hot shape.</summary>
    private static bool TryMessage(ref Utf8JsonReader reader, [NotNullWhen(true)] out Message? message)
    {
        message = null;
        var m = new MessageFields();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryMessageField(ref reader, ref m))
            {
                return false;
            }
        }

        if (m.Id is not { } id || m.ChannelId is not { } channelId || m.Author is null)
        {
            return false; // A required field is missing: the serializer's error.
        }

        message = new Message
        {
            Id = id,
            ChannelId = channelId,
            GuildId = m.GuildId,
            Author = m.Author,
            Member = m.Member,
            Content = m.Content ?? "",
            Timestamp = m.Timestamp,
            EditedTimestamp = m.EditedTimestamp,
            Tts = m.Tts,
            MentionEveryone = m.MentionEveryone,
            Mentions = m.Mentions ?? [],
            MentionRoles = m.MentionRoles ?? [],
            Nonce = m.Nonce,
            Pinned = m.Pinned,
            WebhookId = m.WebhookId,
            Type = (MessageType)m.Type,
            ApplicationId = m.ApplicationId,
            Flags = (MessageFlags)m.Flags,
            Components = m.Components,
            Position = m.Position,
        };
        return true;
    }
}
