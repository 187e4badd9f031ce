using Cortex.Discord.Models;

namespace Cortex.Ai.Replies;

/// <summary>
/// What the AI worker says on Discord. Every message it sends has <c>allowed_mentions</c> that
/// cannot ping @everyone, @here, roles or users named in the text.
/// </summary>
public interface IDiscordReplies
{
    /// <summary>Replies to a message; text beyond Discord's 2,000 characters is split (up to a few messages) then trimmed.</summary>
    Task ReplyAsync(Snowflake channelId, Snowflake messageId, string content, CancellationToken cancellationToken);

    /// <summary>Answers an interaction at once with a message only the caller sees.</summary>
    Task RespondEphemeralAsync(Snowflake interactionId, string interactionToken, string content, CancellationToken cancellationToken);

    /// <summary>Acknowledges an interaction ("Cortex is thinking…"); the answer follows as a follow-up.</summary>
    Task DeferAsync(Snowflake interactionId, string interactionToken, bool ephemeral, CancellationToken cancellationToken);

    /// <summary>Shows "Cortex is typing…" in a channel for about 10 s; a failure is swallowed (typing is cosmetic).</summary>
    Task ShowTypingAsync(Snowflake channelId, CancellationToken cancellationToken);

    /// <summary>Sends a follow-up message for a deferred interaction.</summary>
    Task FollowUpAsync(Snowflake applicationId, string interactionToken, string content, bool ephemeral, CancellationToken cancellationToken);
}

/// <summary>The little the AI worker needs to know about Discord beyond events.</summary>
public interface IDiscordDirectory
{
    /// <summary>The bot's own user id, to recognise mentions and its own messages.</summary>
    Task<Snowflake> BotUserIdAsync(CancellationToken cancellationToken);

    /// <summary>The guild's name for the persona, or a neutral stand-in when Discord cannot say.</summary>
    Task<string> GuildNameAsync(Snowflake guildId, CancellationToken cancellationToken);
}
