using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Reactions: add and remove the actor's own, list who reacted (removing others' is in
/// <c>DiscordState.ReactionRemovals.cs</c>). An emoji is the URL-decoded Unicode
/// character, or <c>name:id</c> for a custom one (the emulator's guilds have no custom emoji: 10014).
/// At most 20 different emoji on a message (30010), as on Discord.
/// </summary>
public sealed partial class DiscordState
{
    public const int MaxReactionEmoji = 20;

    private readonly Dictionary<Snowflake, List<(string Emoji, List<Snowflake> Users)>> _reactions = [];

    /// <summary>PUT …/reactions/{emoji}/@me: READ_MESSAGE_HISTORY, and ADD_REACTIONS unless someone reacted with it already.</summary>
    public void AddReaction(Snowflake channelId, Snowflake messageId, string emoji, Snowflake actorId)
    {
        lock (_lock)
        {
            var (channel, stored) = ReactionTargetLocked(channelId, messageId, emoji, actorId);
            var reactions = _reactions.TryGetValue(messageId, out var list) ? list : _reactions[messageId] = [];
            var index = reactions.FindIndex(r => r.Emoji == emoji);
            if (index < 0 && (ChannelPermissions(channel, actorId) & DiscordPermissions.AddReactions) == 0)
            {
                throw RestException.MissingPermissions();
            }

            if (index < 0 && reactions.Count >= MaxReactionEmoji)
            {
                throw new RestException(StatusCodes.Status400BadRequest, 30010, $"Maximum number of reactions reached ({MaxReactionEmoji})");
            }

            if (index < 0)
            {
                reactions.Add((emoji, []));
                index = reactions.Count - 1;
            }

            if (reactions[index].Users.Contains(actorId))
            {
                return;
            }

            reactions[index].Users.Add(actorId);
            RaiseReactionLocked("MESSAGE_REACTION_ADD", stored, emoji, actorId);
        }
    }

    /// <summary>DELETE …/reactions/{emoji}/@me: removing a reaction the actor never made changes nothing.</summary>
    public void RemoveOwnReaction(Snowflake channelId, Snowflake messageId, string emoji, Snowflake actorId) =>
        RemoveUserReaction(channelId, messageId, emoji, actorId, actorId);

    /// <summary>GET …/reactions/{emoji}?after=&amp;limit=: the users who reacted, by id, after <paramref name="after"/>.</summary>
    public IReadOnlyList<User> GetReactions(Snowflake channelId, Snowflake messageId, string emoji, Snowflake actorId, Snowflake? after, int limit, int type)
    {
        lock (_lock)
        {
            ReactionTargetLocked(channelId, messageId, emoji, actorId);
            var users = type == 0 ? _reactions.GetValueOrDefault(messageId)?.FirstOrDefault(r => r.Emoji == emoji).Users : null;
            return [.. (users ?? []).Where(id => id > (after ?? 0)).Order().Take(limit).Select(id => _users[id])];
        }
    }

    private (Channel Channel, StateMessage Message) ReactionTargetLocked(Snowflake channelId, Snowflake messageId, string emoji, Snowflake actorId)
    {
        var channel = RequireChannel(channelId);
        RequireChannelPermission(channel, actorId, DiscordPermissions.ReadMessageHistory);
        var stored = RequireChannelMessage(channelId, messageId);
        if (!IsUnicodeEmoji(emoji))
        {
            throw new RestException(StatusCodes.Status400BadRequest, 10014, "Unknown Emoji");
        }

        return (channel, stored);
    }

    /// <summary>Not a proof of emoji-ness: text with no ASCII letters and at least one symbol beyond ASCII, as emoji are.</summary>
    private static bool IsUnicodeEmoji(string emoji) =>
        emoji.Length is > 0 and <= 32 && !emoji.Any(char.IsAsciiLetter) && emoji.Any(c => c > 0x7F) && !emoji.Contains(':', StringComparison.Ordinal);

    private void RaiseReactionLocked(string type, StateMessage stored, string emoji, Snowflake actorId)
    {
        RefreshReactionsLocked(stored);
        var message = stored.Message;
        var member = type == "MESSAGE_REACTION_ADD" && message.GuildId is { } guildId && _members.TryGetValue((guildId, actorId), out var m)
            ? MemberModel(m, includeUser: true)
            : null;
        Raise(type, message.GuildId, JsonSerializer.SerializeToUtf8Bytes(new MessageReactionEvent
        {
            UserId = actorId,
            ChannelId = message.ChannelId,
            MessageId = message.Id,
            GuildId = message.GuildId,
            Member = member,
            Emoji = new Emoji { Name = emoji },
            MessageAuthorId = type == "MESSAGE_REACTION_ADD" ? message.Author.Id : null,
        }, RestRouteJsonContext.Default.MessageReactionEvent), stored.VisibleTo);
    }

    /// <summary>The message's <c>reactions</c> as Discord sends them, from who reacted with what.</summary>
    private void RefreshReactionsLocked(StateMessage stored)
    {
        var list = _reactions.GetValueOrDefault(stored.Message.Id.Value) ?? [];
        stored.Message = stored.Message with
        {
            Reactions = list.Count == 0 ? null : [.. list.Select(r => new Reaction
            {
                Count = r.Users.Count,
                CountDetails = new ReactionCountDetails(0, r.Users.Count),
                Me = r.Users.Contains(Bot.Id),
                Emoji = new Emoji { Name = r.Emoji },
            })],
        };
    }
}
