using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

/// <summary>Discord's "Message" section beyond create and delete: get, edit, bulk delete, typing, and messages with files.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>GET /channels/{channel.id}/messages/{message.id} (VIEW_CHANNEL and READ_MESSAGE_HISTORY).</summary>
    public Task<Message> GetMessageAsync(Snowflake channelId, Snowflake messageId, CancellationToken cancellationToken = default) =>
        SendAsync<object, Message>(ChannelMessage(HttpMethod.Get, channelId, messageId), null, null, DiscordJsonContext.Default.Message, null, cancellationToken);

    /// <summary>
    /// PATCH /channels/{channel.id}/messages/{message.id}: the bot's own message (others': SUPPRESS_EMBEDS only). With files, the
    /// message keeps the attachments listed in <see cref="EditMessageRequest.Attachments"/> plus the new files (API v10).
    /// </summary>
    public Task<Message> EditMessageAsync(Snowflake channelId, Snowflake messageId, EditMessageRequest edit, IReadOnlyList<FileUpload>? files = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var route = ChannelMessage(HttpMethod.Patch, channelId, messageId);
        return files is { Count: > 0 }
            ? ReceiveAsync(route, FileUpload.Multipart(edit with { Attachments = FileUpload.Placeholders(edit.Attachments, files) }, DiscordJsonContext.Default.EditMessageRequest, files),
                DiscordJsonContext.Default.Message, cancellationToken)
            : SendAsync(route, edit, DiscordJsonContext.Default.EditMessageRequest, DiscordJsonContext.Default.Message, null, cancellationToken);
    }

    /// <summary>POST /channels/{channel.id}/messages with files (multipart); <see cref="FileUpload.Description"/> becomes each attachment's alt text.</summary>
    public Task<Message> CreateMessageAsync(Snowflake channelId, CreateMessageRequest message, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        return ReceiveAsync(DiscordRoutes.CreateMessage(channelId),
            FileUpload.Multipart(message with { Attachments = FileUpload.Placeholders(message.Attachments, files) }, DiscordJsonContext.Default.CreateMessageRequest, files),
            DiscordJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>POST /channels/{channel.id}/messages/bulk-delete: 2 to 100 messages under 14 days old (MANAGE_MESSAGES).</summary>
    public Task BulkDeleteMessagesAsync(Snowflake channelId, IReadOnlyList<Snowflake> messageIds, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Post, "channels/{channel_id}/messages/bulk-delete", $"channels/{channelId}/messages/bulk-delete", $"{channelId}"),
            new BulkDeleteMessagesRequest(messageIds), DiscordJsonContext.Default.BulkDeleteMessagesRequest, reason, cancellationToken);

    /// <summary>
    /// POST /channels/{channel.id}/typing: "Cortex is typing…" for about 10 s, or until the bot's next message.
    /// Refresh it at most every few seconds: each call counts against the channel's bucket.
    /// </summary>
    public Task TriggerTypingAsync(Snowflake channelId, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Post, "channels/{channel_id}/typing", $"channels/{channelId}/typing", $"{channelId}"), null, cancellationToken);

    private static DiscordRoute ChannelMessage(HttpMethod method, ulong channelId, ulong messageId) =>
        new(method, "channels/{channel_id}/messages/{message_id}", $"channels/{channelId}/messages/{messageId}", $"{channelId}");

    /// <summary>Sends a prepared body (multipart) and reads the JSON answer.</summary>
    private async Task<TResult> ReceiveAsync<TResult>(DiscordRoute route, Func<HttpContent> content, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(route, content, null, cancellationToken);
        return await response.Content.ReadFromJsonAsync(resultType, cancellationToken)
            ?? throw new DiscordRestException(response.StatusCode, 0, "empty response body", route.ToString());
    }

    /// <summary>Sends a prepared body (multipart) to a route that answers 204.</summary>
    private async Task SendPreparedAsync(DiscordRoute route, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(route, content, null, cancellationToken);
    }
}
