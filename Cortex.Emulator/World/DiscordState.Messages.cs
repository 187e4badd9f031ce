using System.Text.Json;
using System.Text.RegularExpressions;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

public sealed partial class DiscordState
{
    private const int MaxContentLength = 2000;
    private const int MaxEmbeds = 10;

    /// <summary>POST /channels/{channel.id}/messages by <paramref name="authorId"/> (the bot, or a chat-page user).</summary>
    public Message CreateMessage(Snowflake channelId, Snowflake authorId, CreateMessageRequest request, MessageUploads? uploads = null)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            var author = RequireUser(authorId);
            RequireCanSendLocked(channel, authorId);
            RequireThreadOpenLocked(channel, authorId);
            if (EnforcedNonceMessage(authorId, request) is { } earlier)
            {
                return earlier;
            }

            var message = AddMessageLocked(channel, author, request, MessageType.Default, visibleTo: null, webhookId: null, uploads: uploads);
            CountThreadMessageLocked(channel, message.Id);
            return message;
        }
    }

    public IReadOnlyList<Message> GetMessages(Snowflake channelId, Snowflake? viewerId, int limit = 50)
    {
        lock (_lock)
        {
            RequireChannel(channelId);
            return [.. _messages.Values
                .Where(m => m.Message.ChannelId == channelId && (m.VisibleTo is null || m.VisibleTo == viewerId))
                .OrderByDescending(m => m.Message.Id.Value)
                .Take(limit)
                .Select(m => m.Message)];
        }
    }

    /// <summary>DELETE /channels/{channel.id}/messages/{message.id} by the bot: its own messages, or any with MANAGE_MESSAGES.</summary>
    public void DeleteMessage(Snowflake channelId, Snowflake messageId, Snowflake actorId)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            if (!_messages.TryGetValue(messageId, out var stored) || stored.Message.ChannelId != channelId || stored.VisibleTo is not null)
            {
                throw RestException.UnknownMessage();
            }

            if (stored.Message.Author.Id != actorId && channel.GuildId is not null
                && !HasChannelPermission(channel, actorId, Cortex.Discord.Permissions.DiscordPermissions.ManageMessages))
            {
                throw RestException.MissingPermissions();
            }

            RemoveMessageLocked(stored);
        }
    }

    private Message AddMessageLocked(Channel channel, User author, CreateMessageRequest request, MessageType type, Snowflake? visibleTo,
        Snowflake? webhookId, MessageFlags extraFlags = MessageFlags.None, bool allowEmpty = false, MessageUploads? uploads = null)
    {
        // Files alone make a message (Discord: content, embeds, components, files[n], ... — at least one).
        ValidateContent(request.Content, request.Embeds, allowEmpty || uploads is { Files.Count: > 0 });
        MessageReference? reference = null;
        if (request.MessageReference is { MessageId: { } referenced } requested)
        {
            if (!_messages.TryGetValue(referenced, out var target) || target.Message.ChannelId != channel.Id)
            {
                if (requested.FailIfNotExists != false)
                {
                    throw RestException.InvalidFormBody("message_reference: Unknown message");
                }
            }
            else
            {
                reference = new MessageReference { MessageId = referenced, ChannelId = channel.Id, GuildId = channel.GuildId };
                type = MessageType.Reply;
            }
        }

        var flags = (request.Flags ?? MessageFlags.None) & (MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.Ephemeral);
        if (visibleTo is null)
        {
            flags &= ~MessageFlags.Ephemeral;
        }

        var components = ValidComponents(request.Components, author);
        var attachments = NewAttachmentsLocked(channel.Id, request.Attachments, uploads);
        var message = new Message
        {
            Id = NextId(),
            ChannelId = channel.Id,
            GuildId = channel.GuildId,
            Author = author,
            Content = request.Content ?? "",
            Timestamp = _time.GetUtcNow(),
            Embeds = request.Embeds ?? [],
            Flags = flags | extraFlags,
            Type = type,
            MessageReference = reference,
            Mentions = MentionedUsers(request.Content ?? "", request.AllowedMentions),
            WebhookId = webhookId,
            ApplicationId = webhookId,
            Components = components,
            Attachments = attachments,
            Nonce = ValidNonce(request.Nonce),
        };
        // The nonce is echoed in the create response and MESSAGE_CREATE only; a fetched message has none.
        _messages[message.Id] = new StateMessage { Message = message with { Nonce = null }, VisibleTo = visibleTo };
        RememberNonce(message, request);
        RaiseMessage("MESSAGE_CREATE", message, visibleTo);
        return message;
    }

    private Message EditMessageLocked(StateMessage stored, EditMessageRequest edit)
    {
        var content = edit.Content ?? stored.Message.Content;
        var embeds = edit.Embeds ?? stored.Message.Embeds;
        var attachments = edit.Attachments ?? stored.Message.Attachments;
        ValidateContent(content, embeds, allowEmpty: attachments.Count > 0);
        stored.Message = stored.Message with
        {
            Content = content,
            Embeds = embeds,
            EditedTimestamp = _time.GetUtcNow(),
            Flags = stored.Message.Flags & ~MessageFlags.Loading,
            Mentions = edit.Content is null ? stored.Message.Mentions : MentionedUsers(content, edit.AllowedMentions),
            Components = edit.Components is null ? stored.Message.Components : ValidComponents(edit.Components, stored.Message.Author),
            Attachments = attachments,
        };
        RaiseMessage("MESSAGE_UPDATE", stored.Message, stored.VisibleTo);
        return stored.Message;
    }

    private void RemoveMessageLocked(StateMessage stored)
    {
        _messages.Remove(stored.Message.Id);
        Raise("MESSAGE_DELETE", stored.Message.GuildId, JsonSerializer.SerializeToUtf8Bytes(
            new MessageDeleteEvent(stored.Message.Id, stored.Message.ChannelId, stored.Message.GuildId),
            EmulatorRestJsonContext.Default.MessageDeleteEvent), stored.VisibleTo);
    }

    private static void ValidateContent(string? content, IReadOnlyList<Embed>? embeds, bool allowEmpty)
    {
        if (!allowEmpty && string.IsNullOrEmpty(content) && embeds is not { Count: > 0 })
        {
            throw RestException.EmptyMessage();
        }

        if (content is { Length: > MaxContentLength })
        {
            throw RestException.InvalidFormBody($"content: Must be {MaxContentLength} or fewer in length.");
        }

        if (embeds is { Count: > MaxEmbeds })
        {
            throw RestException.InvalidFormBody($"embeds: Must be {MaxEmbeds} or fewer in length.");
        }
    }

    private List<User> MentionedUsers(string content, AllowedMentions? allowed)
    {
        var mentioned = new List<User>();
        foreach (Match match in UserMention().Matches(content))
        {
            var id = ulong.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            var permitted = allowed is null
                || allowed.Parse?.Contains("users") == true
                || allowed.Users?.Contains(id) == true;
            if (permitted && _users.TryGetValue(id, out var user) && !mentioned.Contains(user))
            {
                mentioned.Add(user);
            }
        }

        return mentioned;
    }

    /// <summary>Only the bot's messages carry components (people cannot send buttons); at most 5 rows of 5.</summary>
    private IReadOnlyList<MessageComponent>? ValidComponents(IReadOnlyList<MessageComponent>? components, User author)
    {
        if (components is null or { Count: 0 })
        {
            return null;
        }

        if (author.Id != Bot.Id || components.Count > 5
            || components.Any(row => row.Type != ComponentType.ActionRow || row.Components is not { Count: > 0 and <= 5 }))
        {
            throw RestException.InvalidFormBody("components: Must be up to 5 action rows of 1 to 5 components.");
        }

        foreach (var row in components)
        {
            ValidateSelectRow(row);
        }

        foreach (var button in components.SelectMany(row => row.Components!).Where(c => !IsSelect(c.Type)))
        {
            var link = button.Style == (int)ButtonStyle.Link;
            if (button.Type != ComponentType.Button || (link ? button.Url is null : string.IsNullOrEmpty(button.CustomId) || button.CustomId.Length > 100))
            {
                throw RestException.InvalidFormBody("components: A button needs a custom_id of 1 to 100 characters (or a url for a link button).");
            }
        }

        return components;
    }

    /// <summary>
    /// Raises MESSAGE_CREATE/UPDATE with the variant a session without MESSAGE_CONTENT receives:
    /// Discord keeps content for DMs, the bot's own messages and messages that mention the bot.
    /// </summary>
    private void RaiseMessage(string type, Message message, Snowflake? visibleTo)
    {
        var full = MessageCreateJson(message, withContent: true);
        var keepsContent = message.GuildId is null || message.Author.Id == Bot.Id || message.Mentions.Any(u => u.Id == Bot.Id)
            || message.Content.Contains($"<@{Bot.Id}>", StringComparison.Ordinal);
        // Spelled out: in a conditional, null would convert to an empty (not a null) ReadOnlyMemory.
        ReadOnlyMemory<byte>? redacted = null;
        if (!keepsContent)
        {
            redacted = MessageCreateJson(message, withContent: false);
        }

        // Discord sends no message events for a channel the bot cannot view.
        var botSees = _channels.TryGetValue(message.ChannelId, out var channel) && (ChannelPermissions(channel, Bot.Id) & Cortex.Discord.Permissions.DiscordPermissions.ViewChannel) != 0;
        _dispatches.Raise(new EmulatorDispatch(type, message.GuildId, full, visibleTo, WithoutContent: redacted, ToGateway: botSees));
    }

    private byte[] MessageCreateJson(Message message, bool withContent = true)
    {
        // MESSAGE_CREATE's d is the message with guild_id and the author's member merged in.
        var node = JsonSerializer.SerializeToNode(message, DiscordJsonContext.Default.Message)!.AsObject();
        if (message.GuildId is { } guildId && _members.TryGetValue((guildId, message.Author.Id), out var member))
        {
            node["member"] = JsonSerializer.SerializeToNode(MemberModel(member, includeUser: false), DiscordJsonContext.Default.GuildMember);
        }

        node["attachments"] ??= new System.Text.Json.Nodes.JsonArray();
        node["components"] ??= new System.Text.Json.Nodes.JsonArray();
        if (!withContent)
        {
            node["content"] = "";
            node["embeds"] = new System.Text.Json.Nodes.JsonArray();
            node["attachments"] = new System.Text.Json.Nodes.JsonArray();
            node["components"] = new System.Text.Json.Nodes.JsonArray();
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    [GeneratedRegex("<@!?([0-9]{1,20})>")]
    private static partial Regex UserMention();
}
