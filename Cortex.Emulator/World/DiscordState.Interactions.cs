using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

public sealed partial class DiscordState
{
    /// <summary>Follow-ups and edits work for 15 minutes.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A user runs a slash command: the interaction Discord would create, dispatched as
    /// INTERACTION_CREATE over the gateway unless <paramref name="toGateway"/> is false (the app has an
    /// interactions endpoint: Discord then delivers over HTTP only).
    /// </summary>
    public Interaction CreateCommandInteraction(Snowflake channelId, Snowflake userId, string name, IReadOnlyList<InteractionDataOption> options, bool toGateway = true)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            var user = RequireUser(userId);
            var guildId = channel.GuildId;
            var command = CommandsFor(guildId).FirstOrDefault(c => c.Name == name)
                ?? throw new RestException(404, 10063, $"Unknown application command \"{name}\"");
            foreach (var required in (command.Options ?? []).Where(o => o.Required == true))
            {
                if (options.All(o => o.Name != required.Name))
                {
                    throw RestException.InvalidFormBody($"options.{required.Name}: This field is required");
                }
            }

            var data = new InteractionData { Id = command.Id, Name = command.Name, Type = ApplicationCommandType.ChatInput, GuildId = command.GuildId, Options = options.Count > 0 ? options : null };
            return AddInteractionLocked(InteractionType.ApplicationCommand, channel, user, data, source: null, toGateway);
        }
    }

    /// <summary>A user clicks a button on a message: a MESSAGE_COMPONENT interaction (type 3) with the button's custom id.</summary>
    public Interaction CreateComponentInteraction(Snowflake channelId, Snowflake messageId, Snowflake userId, string customId, bool toGateway = true)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            var user = RequireUser(userId);
            if (!_messages.TryGetValue(messageId, out var stored) || stored.Message.ChannelId != channelId
                || (stored.VisibleTo is { } only && only != userId))
            {
                throw RestException.UnknownMessage();
            }

            var button = (stored.Message.Components ?? []).SelectMany(row => row.Components ?? []).FirstOrDefault(b => b.CustomId == customId)
                ?? throw RestException.InvalidFormBody($"custom_id: The message has no component \"{customId}\"");
            if (button.Disabled == true)
            {
                throw RestException.InvalidFormBody($"custom_id: The component \"{customId}\" is disabled");
            }

            if (IsSelect(button.Type))
            {
                // Discord sends a select's interaction only with the values chosen.
                throw RestException.InvalidFormBody($"values: The component \"{customId}\" is a select menu; send the values chosen.");
            }

            var data = new InteractionData { CustomId = customId, ComponentType = button.Type };
            return AddInteractionLocked(InteractionType.MessageComponent, channel, user, data, stored, toGateway);
        }
    }

    private Interaction AddInteractionLocked(InteractionType type, Channel channel, User user, InteractionData data, StateMessage? source, bool toGateway)
    {
        var guildId = channel.GuildId;
        GuildMember? member = null;
        if (guildId is { } gid)
        {
            member = MemberModel(RequireMember(gid, user.Id), includeUser: true) with
            {
                // Discord sends the member's permissions in the channel, overwrites included.
                Permissions = ((ulong)ChannelPermissions(channel, user.Id)).ToString(CultureInfo.InvariantCulture),
            };
        }

        var interaction = new Interaction
        {
            Id = NextId(),
            ApplicationId = ApplicationId,
            Type = type,
            Data = data,
            GuildId = guildId,
            ChannelId = channel.Id,
            Member = member,
            User = guildId is null ? user : null,
            Version = 1,
            Token = "emu." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('='),
            AppPermissions = guildId is not null ? ((ulong)ChannelPermissions(channel, Bot.Id)).ToString(CultureInfo.InvariantCulture) : null,
            Locale = "en-US",
            GuildLocale = guildId is null ? null : "en-US",
            Message = source?.Message,
        };
        var stored = new StateInteraction { Interaction = interaction, CreatedAt = _time.GetUtcNow(), SourceMessageId = source?.Message.Id };
        _interactions[interaction.Id] = stored;
        _interactionsByToken[interaction.Token] = stored;
        _dispatches.Raise(new EmulatorDispatch("INTERACTION_CREATE", guildId,
            JsonSerializer.SerializeToUtf8Bytes(interaction, DiscordJsonContext.Default.Interaction), ToGateway: toGateway));
        return interaction;
    }

    /// <summary>A PING, as Discord sends to check an interactions endpoint.</summary>
    public Interaction CreatePing() => new()
    {
        Id = NextId(),
        ApplicationId = ApplicationId,
        Type = InteractionType.Ping,
        Token = "emu.ping." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
    };

    /// <summary>POST /interactions/{id}/{token}/callback.</summary>
    public void Respond(Snowflake interactionId, string token, InteractionResponse response, MessageUploads? uploads = null)
    {
        lock (_lock)
        {
            if (!_interactions.TryGetValue(interactionId, out var stored) || stored.Interaction.Token != token
                || _time.GetUtcNow() - stored.CreatedAt > _initialResponseWindow)
            {
                throw RestException.UnknownInteraction();
            }

            if (stored.Acknowledged)
            {
                throw RestException.AlreadyAcknowledged();
            }

            var data = response.Data ?? new InteractionCallbackData();
            var ephemeral = (data.Flags ?? MessageFlags.None).HasFlag(MessageFlags.Ephemeral);
            if ((stored.Interaction.Type == InteractionType.ApplicationCommandAutocomplete) != (response.Type == InteractionCallbackType.ApplicationCommandAutocompleteResult))
            {
                // Autocomplete is answered with choices (type 8) and nothing else takes choices.
                throw RestException.InvalidFormBody($"type: Interaction callback type {(int)response.Type} is not valid for this interaction");
            }

            switch (response.Type)
            {
                case InteractionCallbackType.ApplicationCommandAutocompleteResult:
                    RecordChoicesLocked(stored.Interaction, data);
                    break;
                case InteractionCallbackType.Modal when stored.Interaction.Type is InteractionType.ApplicationCommand or InteractionType.MessageComponent:
                    RecordModalLocked(stored.Interaction, data);
                    break;
                case InteractionCallbackType.ChannelMessageWithSource:
                    stored.OriginalMessageId = AddInteractionMessageLocked(stored, ToCreate(data), ephemeral, MessageFlags.None, allowEmpty: false, uploads).Id;
                    break;
                case InteractionCallbackType.DeferredChannelMessageWithSource:
                    stored.Deferred = true;
                    stored.OriginalMessageId = AddInteractionMessageLocked(stored, new CreateMessageRequest { Flags = data.Flags }, ephemeral, MessageFlags.Loading, allowEmpty: true).Id;
                    break;
                case InteractionCallbackType.DeferredUpdateMessage when stored.SourceMessageId is not null:
                    // The app will edit the clicked message later; the original response is that message.
                    stored.OriginalMessageId = stored.SourceMessageId;
                    break;
                case InteractionCallbackType.UpdateMessage when stored.SourceMessageId is { } sourceId && _messages.TryGetValue(sourceId, out var source):
                    EditMessageLocked(source, new EditMessageRequest
                    {
                        Content = data.Content,
                        Embeds = data.Embeds,
                        AllowedMentions = data.AllowedMentions,
                        Components = data.Components,
                        Attachments = EditedAttachmentsLocked(source, data.Attachments, uploads),
                    });
                    stored.OriginalMessageId = sourceId;
                    break;
                default:
                    throw RestException.InvalidFormBody($"type: Interaction callback type {(int)response.Type} is not valid for this interaction");
            }

            stored.Acknowledged = true;
            stored.Ephemeral = ephemeral;
        }
    }

    public Message GetOriginal(string token)
    {
        lock (_lock)
        {
            var stored = RequireWebhookToken(token);
            return stored.OriginalMessageId is { } id && _messages.TryGetValue(id, out var message) ? message.Message : throw RestException.UnknownMessage();
        }
    }

    public Message EditOriginal(string token, EditMessageRequest edit, MessageUploads? uploads = null)
    {
        ArgumentNullException.ThrowIfNull(edit);
        lock (_lock)
        {
            var stored = RequireWebhookToken(token);
            var message = stored.OriginalMessageId is { } id && _messages.TryGetValue(id, out var found) ? found : throw RestException.UnknownMessage();
            return EditMessageLocked(message, edit with { Attachments = EditedAttachmentsLocked(message, edit.Attachments, uploads) });
        }
    }

    public void DeleteOriginal(string token)
    {
        lock (_lock)
        {
            var stored = RequireWebhookToken(token);
            var message = stored.OriginalMessageId is { } id && _messages.TryGetValue(id, out var found) ? found : throw RestException.UnknownMessage();
            RemoveMessageLocked(message);
            stored.OriginalMessageId = null;
        }
    }

    public Message CreateFollowup(string token, CreateMessageRequest request, MessageUploads? uploads = null)
    {
        lock (_lock)
        {
            var stored = RequireWebhookToken(token);
            if (!stored.Acknowledged)
            {
                throw RestException.UnknownWebhook();
            }

            var ephemeral = (request.Flags ?? MessageFlags.None).HasFlag(MessageFlags.Ephemeral);
            return AddInteractionMessageLocked(stored, request, ephemeral, MessageFlags.None, allowEmpty: false, uploads);
        }
    }

    public Message EditFollowup(string token, Snowflake messageId, EditMessageRequest edit, MessageUploads? uploads = null)
    {
        ArgumentNullException.ThrowIfNull(edit);
        lock (_lock)
        {
            var message = RequireFollowup(token, messageId);
            return EditMessageLocked(message, edit with { Attachments = EditedAttachmentsLocked(message, edit.Attachments, uploads) });
        }
    }

    /// <summary>GET /webhooks/{application.id}/{token}/messages/{message.id}: a follow-up (or the original) of this interaction.</summary>
    public Message GetFollowup(string token, Snowflake messageId)
    {
        lock (_lock)
        {
            return RequireFollowup(token, messageId).Message;
        }
    }

    public void DeleteFollowup(string token, Snowflake messageId)
    {
        lock (_lock)
        {
            RemoveMessageLocked(RequireFollowup(token, messageId));
        }
    }

    public Interaction? FindInteraction(Snowflake interactionId)
    {
        lock (_lock)
        {
            return _interactions.GetValueOrDefault(interactionId)?.Interaction;
        }
    }

    private StateMessage RequireFollowup(string token, Snowflake messageId)
    {
        var stored = RequireWebhookToken(token);
        return _messages.TryGetValue(messageId, out var message) && message.Message.WebhookId == ApplicationId
            && message.Message.ChannelId == stored.Interaction.ChannelId
            ? message
            : throw RestException.UnknownMessage();
    }

    private StateInteraction RequireWebhookToken(string token) =>
        _interactionsByToken.TryGetValue(token, out var stored) && _time.GetUtcNow() - stored.CreatedAt <= TokenLifetime
            ? stored
            : throw RestException.UnknownWebhook();

    private Message AddInteractionMessageLocked(StateInteraction stored, CreateMessageRequest request, bool ephemeral, MessageFlags extraFlags, bool allowEmpty,
        MessageUploads? uploads = null)
    {
        var channel = RequireChannel(stored.Interaction.ChannelId ?? throw RestException.UnknownChannel());
        var invoker = stored.Interaction.Invoker!;
        return AddMessageLocked(channel, Bot, request, MessageType.ChatInputCommand, ephemeral ? invoker.Id : null, ApplicationId, extraFlags, allowEmpty, uploads);
    }

    private static CreateMessageRequest ToCreate(InteractionCallbackData data) => new()
    {
        Content = data.Content,
        Embeds = data.Embeds,
        AllowedMentions = data.AllowedMentions,
        Flags = data.Flags,
        Components = data.Components,
        Attachments = data.Attachments,
    };
}
