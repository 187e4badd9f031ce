using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

/// <summary>
/// Reactions: the bot's own, who reacted, and removing others' (moderation). <c>emoji</c> is the Unicode character (<c>"👍"</c>) or <c>name:id</c> for a custom emoji;
/// it is URL-encoded here, as Discord requires (10014 Unknown Emoji otherwise).
/// </summary>
public sealed partial class DiscordRestClient
{
    /// <summary>PUT …/reactions/{emoji}/@me (READ_MESSAGE_HISTORY; ADD_REACTIONS when nobody reacted with it yet), 204.</summary>
    public Task CreateReactionAsync(Snowflake channelId, Snowflake messageId, string emoji, CancellationToken cancellationToken = default) =>
        SendAsync(OwnReaction(HttpMethod.Put, channelId, messageId, emoji), null, cancellationToken);

    /// <summary>DELETE …/reactions/{emoji}/@me, 204.</summary>
    public Task DeleteOwnReactionAsync(Snowflake channelId, Snowflake messageId, string emoji, CancellationToken cancellationToken = default) =>
        SendAsync(OwnReaction(HttpMethod.Delete, channelId, messageId, emoji), null, cancellationToken);

    /// <summary>DELETE …/reactions/{emoji}/{user.id}: another user's reaction (MANAGE_MESSAGES), 204.</summary>
    public Task DeleteUserReactionAsync(Snowflake channelId, Snowflake messageId, string emoji, Snowflake userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(emoji);
        return SendAsync(new DiscordRoute(HttpMethod.Delete, "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}",
            $"channels/{channelId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}/{userId}", $"{channelId}"), null, cancellationToken);
    }

    /// <summary>DELETE …/reactions/{emoji}: every reaction with one emoji (MANAGE_MESSAGES), 204.</summary>
    public Task DeleteAllReactionsForEmojiAsync(Snowflake channelId, Snowflake messageId, string emoji, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(emoji);
        return SendAsync(new DiscordRoute(HttpMethod.Delete, "channels/{channel_id}/messages/{message_id}/reactions/{emoji}",
            $"channels/{channelId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}", $"{channelId}"), null, cancellationToken);
    }

    /// <summary>DELETE …/reactions: all of a message's reactions (MANAGE_MESSAGES), 204.</summary>
    public Task DeleteAllReactionsAsync(Snowflake channelId, Snowflake messageId, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Delete, "channels/{channel_id}/messages/{message_id}/reactions",
            $"channels/{channelId}/messages/{messageId}/reactions", $"{channelId}"), null, cancellationToken);

    /// <summary>GET …/reactions/{emoji}: up to <paramref name="limit"/> (1–100) users who reacted, by id, after <paramref name="after"/>.</summary>
    public Task<IReadOnlyList<User>> GetReactionsAsync(Snowflake channelId, Snowflake messageId, string emoji, Snowflake? after = null, int limit = 25,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100);
        var query = after is { } id ? $"?limit={limit}&after={id}" : $"?limit={limit}";
        var route = new DiscordRoute(HttpMethod.Get, "channels/{channel_id}/messages/{message_id}/reactions/{emoji}",
            $"channels/{channelId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}{query}", $"{channelId}");
        return SendAsync<object, IReadOnlyList<User>>(route, null, null, DiscordJsonContext.Default.IReadOnlyListUser, null, cancellationToken);
    }

    private static DiscordRoute OwnReaction(HttpMethod method, ulong channelId, ulong messageId, string emoji)
    {
        ArgumentException.ThrowIfNullOrEmpty(emoji);
        return new(method, "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
            $"channels/{channelId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}/@me", $"{channelId}");
    }
}
