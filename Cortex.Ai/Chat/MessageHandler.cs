using Cortex.Ai.Context;
using Cortex.Ai.Guilds;
using Cortex.Ai.History;
using Cortex.Ai.Replies;
using Cortex.Ai.Tokens;
using Cortex.Discord.Models;
using Cortex.Events.Consuming;
using Microsoft.Extensions.Logging;

namespace Cortex.Ai.Chat;

/// <summary>
/// MESSAGE_CREATE: every guild message joins its channel's history (Cortex's own as the assistant);
/// a message from a person that mentions Cortex, or is in a chat channel, gets an answer as a reply.
/// </summary>
public sealed partial class MessageHandler(
    ChannelHistory history,
    GuildSettingsStore guildSettings,
    Tokenizers tokenizers,
    IDiscordDirectory directory,
    IDiscordReplies replies,
    ChatEngine engine,
    TimeProvider time,
    ILogger<MessageHandler> logger) : IEventHandler<Message>
{
    Task IEventHandler<Message>.HandleAsync(Message discordEvent, EventContext context, CancellationToken cancellationToken) =>
        HandleAsync(discordEvent, cancellationToken);

    public async Task HandleAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.GuildId is not { } guild)
        {
            return; // direct messages are out of scope: no guild, no quota to bill
        }

        var guildId = guild;
        var channelId = message.ChannelId;
        var messageId = message.Id;
        var settings = await guildSettings.GetAsync(guildId, cancellationToken);
        var botId = await directory.BotUserIdAsync(cancellationToken);
        var fromCortex = message.Author.Id == botId;
        var speaker = message.Member?.Nick ?? Persona.DisplayName(message.Author);
        var content = message.Content;

        if (content.Length > 0)
        {
            var (role, text) = fromCortex ? (ChatTurn.Assistant, content) : (ChatTurn.User, Persona.UserMessage(speaker, content));
            await history.AppendAsync(channelId, messageId, role, text, message.Timestamp, tokenizers.ForModel(settings.Model));
        }

        if (fromCortex || message.Author.Bot == true || message.WebhookId is not null)
        {
            return; // never answer bots, webhooks or ourselves: two bots could talk forever
        }

        var mentioned = Mentions(message, botId);
        if (!mentioned && !settings.ChatChannels.Contains(channelId))
        {
            return;
        }

        var question = StripMention(content, botId);
        var request = new ChatRequest(mentioned ? "mention" : "channel", guildId, channelId, message.Author.Id, speaker, messageId, question);
        var prepared = await engine.PrepareAsync(request, cancellationToken);
        if (prepared.RefusalNotice is not null)
        {
            // A message has no ephemeral reply; the notice goes to the asker as a reply.
            await replies.ReplyAsync(channelId, messageId, prepared.RefusalNotice, cancellationToken);
            return;
        }

        var answer = await TypingIndicator.WhileAsync(replies, channelId, time, token => engine.CompleteAsync(prepared, token), cancellationToken);
        try
        {
            await replies.ReplyAsync(channelId, messageId, answer.Text, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // The answer is paid for; redelivering the event would ask (and bill) the model again.
            LogReplyFailed(logger, channelId, messageId, e);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not post the answer in channel {ChannelId} to message {MessageId}.")]
    private static partial void LogReplyFailed(ILogger logger, ulong channelId, ulong messageId, Exception exception);

    private static bool Mentions(Message message, Snowflake botId) =>
        message.Mentions.Any(user => user.Id == botId)
        || message.Content.Contains($"<@{botId}>", StringComparison.Ordinal)
        || message.Content.Contains($"<@!{botId}>", StringComparison.Ordinal);

    private static string StripMention(string content, Snowflake botId) =>
        content.Replace($"<@!{botId}>", "", StringComparison.Ordinal).Replace($"<@{botId}>", "", StringComparison.Ordinal).Trim();
}
