using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>Get, edit and bulk-delete messages, and typing: the message routes beyond create and delete.</summary>
public sealed partial class DiscordState
{
    /// <summary>Discord refuses to bulk delete messages older than this (by their id's timestamp).</summary>
    public static readonly TimeSpan BulkDeleteMaxAge = TimeSpan.FromDays(14);

    /// <summary>GET /channels/{channel.id}/messages/{message.id}: needs VIEW_CHANNEL (50001) and READ_MESSAGE_HISTORY (50013).</summary>
    public Message GetMessage(Snowflake channelId, Snowflake messageId, Snowflake actorId)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            RequireChannelPermission(channel, actorId, DiscordPermissions.ReadMessageHistory);
            return RequireChannelMessage(channelId, messageId).Message;
        }
    }

    /// <summary>
    /// PATCH /channels/{channel.id}/messages/{message.id}: the author edits content, embeds, components,
    /// attachments and flags; anyone else only SUPPRESS_EMBEDS, and only with MANAGE_MESSAGES (50005 otherwise).
    /// </summary>
    public Message EditMessage(Snowflake channelId, Snowflake messageId, Snowflake actorId, EditMessageRequest edit, MessageUploads? uploads = null)
    {
        ArgumentNullException.ThrowIfNull(edit);
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            RequireChannelAccess(channel, actorId);
            var stored = RequireChannelMessage(channelId, messageId);
            var isAuthor = stored.Message.Author.Id == actorId;
            if (!isAuthor && (edit.Content is not null || edit.Embeds is not null || edit.Components is not null
                || edit.Attachments is not null || uploads is { Files.Count: > 0 }))
            {
                throw new RestException(StatusCodes.Status403Forbidden, 50005, "Cannot edit a message authored by another user");
            }

            if (!isAuthor && (ChannelPermissions(channel, actorId) & DiscordPermissions.ManageMessages) == 0)
            {
                throw RestException.MissingPermissions();
            }

            if (edit.Flags is { } flags)
            {
                // Only SUPPRESS_EMBEDS may be changed by an edit; other flag changes are ignored, as on Discord.
                stored.Message = stored.Message with
                {
                    Flags = (stored.Message.Flags & ~MessageFlags.SuppressEmbeds) | (flags & MessageFlags.SuppressEmbeds),
                };
            }

            return EditMessageLocked(stored, edit with { Attachments = EditedAttachmentsLocked(stored, edit.Attachments, uploads) });
        }
    }

    /// <summary>
    /// POST /channels/{channel.id}/messages/bulk-delete: 2 to 100 ids (unknown ones count but are skipped),
    /// none older than 14 days (50034), no duplicates, guild channels only, MANAGE_MESSAGES. Raises MESSAGE_DELETE_BULK.
    /// </summary>
    public int BulkDelete(Snowflake channelId, IReadOnlyList<Snowflake> ids, Snowflake actorId)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            if (channel.GuildId is not { } guildId)
            {
                throw new RestException(StatusCodes.Status403Forbidden, 50003, "Cannot execute action on a DM channel");
            }

            RequireChannelPermission(channel, actorId, DiscordPermissions.ManageMessages);
            if (ids.Count is < 2 or > 100)
            {
                throw RestException.InvalidFormBody("messages: Must be between 2 and 100 in length.");
            }

            if (ids.Distinct().Count() != ids.Count)
            {
                throw RestException.InvalidFormBody("messages: Contains duplicate message ids.");
            }

            if (ids.Any(id => _time.GetUtcNow() - id.CreatedAt > BulkDeleteMaxAge))
            {
                throw new RestException(StatusCodes.Status400BadRequest, 50034, "You can only bulk delete messages that are under 14 days old.");
            }

            var deleted = ids.Select(id => _messages.GetValueOrDefault(id.Value))
                .Where(m => m is not null && m.Message.ChannelId == channelId && m.VisibleTo is null).Select(m => m!).ToList();
            foreach (var stored in deleted)
            {
                _messages.Remove(stored.Message.Id);
            }

            Raise("MESSAGE_DELETE_BULK", guildId, JsonSerializer.SerializeToUtf8Bytes(
                new MessageDeleteBulkEvent([.. deleted.Select(m => m.Message.Id)], channelId, guildId), RestRouteJsonContext.Default.MessageDeleteBulkEvent));
            return deleted.Count;
        }
    }

    /// <summary>POST /channels/{channel.id}/typing: needs SEND_MESSAGES. Raises TYPING_START (the chat page shows it).</summary>
    public void TriggerTyping(Snowflake channelId, Snowflake actorId)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            RequireChannelPermission(channel, actorId, DiscordPermissions.SendMessages);
            var member = channel.GuildId is { } guildId ? _members[(guildId, actorId)] : null;
            Raise("TYPING_START", channel.GuildId, DiscordJson.ToBytes(w =>
            {
                w.WriteStartObject();
                w.WriteString("channel_id", DiscordJson.Id(channelId));
                if (member is not null)
                {
                    w.WriteString("guild_id", DiscordJson.Id(member.GuildId));
                    w.WritePropertyName("member");
                    DiscordJson.WriteMember(w, ToWorld(member), ToWorld(_users[actorId]));
                }

                w.WriteString("user_id", DiscordJson.Id(actorId));
                w.WriteNumber("timestamp", _time.GetUtcNow().ToUnixTimeSeconds());
                w.WriteEndObject();
            }));
        }
    }

    /// <summary>A message of the channel everyone may see (an ephemeral one is unknown outside its interaction).</summary>
    private StateMessage RequireChannelMessage(Snowflake channelId, Snowflake messageId) =>
        _messages.TryGetValue(messageId, out var stored) && stored.Message.ChannelId == channelId && stored.VisibleTo is null
            ? stored
            : throw RestException.UnknownMessage();
}
