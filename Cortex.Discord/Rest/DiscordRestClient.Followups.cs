using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

/// <summary>Interaction responses and follow-ups: reading them back, and sending them with files.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>GET /webhooks/{application.id}/{token}/messages/@original: the initial response as it is now.</summary>
    public Task<Message> GetOriginalResponseAsync(Snowflake applicationId, string token, CancellationToken cancellationToken = default) =>
        SendAsync<object, Message>(DiscordRoutes.OriginalResponse(HttpMethod.Get, applicationId, token), null, null, DiscordJsonContext.Default.Message, null, cancellationToken);

    /// <summary>GET /webhooks/{application.id}/{token}/messages/{message.id}: a follow-up of the interaction.</summary>
    public Task<Message> GetFollowupAsync(Snowflake applicationId, string token, Snowflake messageId, CancellationToken cancellationToken = default) =>
        SendAsync<object, Message>(DiscordRoutes.Followup(HttpMethod.Get, applicationId, token, messageId), null, null, DiscordJsonContext.Default.Message, null, cancellationToken);

    /// <summary>Answers an interaction with a message carrying files (type 4, or 7 to update the clicked message).</summary>
    public Task CreateInteractionResponseAsync(Snowflake interactionId, string token, InteractionResponse response, IReadOnlyList<FileUpload> files,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(files);
        var data = response.Data ?? new InteractionCallbackData();
        var withFiles = response with { Data = data with { Attachments = FileUpload.Placeholders(data.Attachments, files) } };
        return SendPreparedAsync(DiscordRoutes.InteractionCallback(interactionId, token),
            FileUpload.Multipart(withFiles, DiscordJsonContext.Default.InteractionResponse, files), cancellationToken);
    }

    /// <summary>A follow-up message with files.</summary>
    public Task<Message> CreateFollowupAsync(Snowflake applicationId, string token, CreateMessageRequest message, IReadOnlyList<FileUpload> files,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        return ReceiveAsync(DiscordRoutes.CreateFollowup(applicationId, token),
            FileUpload.Multipart(message with { Attachments = FileUpload.Placeholders(message.Attachments, files) }, DiscordJsonContext.Default.CreateMessageRequest, files),
            DiscordJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>Edits the initial response, appending files (keep or drop old ones with <see cref="EditMessageRequest.Attachments"/>).</summary>
    public Task<Message> EditOriginalResponseAsync(Snowflake applicationId, string token, EditMessageRequest edit, IReadOnlyList<FileUpload> files,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(files);
        return ReceiveAsync(DiscordRoutes.OriginalResponse(HttpMethod.Patch, applicationId, token),
            FileUpload.Multipart(edit with { Attachments = FileUpload.Placeholders(edit.Attachments, files) }, DiscordJsonContext.Default.EditMessageRequest, files),
            DiscordJsonContext.Default.Message, cancellationToken);
    }
}
