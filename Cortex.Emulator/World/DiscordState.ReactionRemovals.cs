using System.Text.Json.Nodes;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Removing others' reactions, as moderators do: one user's reaction, every reaction of one emoji, or all
/// of a message's. Each takes Manage Messages in the channel (50013 otherwise; 50003 in a DM, where
/// nobody holds it) and raises MESSAGE_REACTION_REMOVE, _REMOVE_EMOJI or _REMOVE_ALL.
/// </summary>
public sealed partial class DiscordState
{
    /// <summary>DELETE …/reactions/{emoji}/{user.id}: a reaction the user never made changes nothing (204, as on Discord).</summary>
    public void RemoveUserReaction(Snowflake channelId, Snowflake messageId, string emoji, Snowflake userId, Snowflake actorId)
    {
        lock (_lock)
        {
            var (channel, stored) = ReactionTargetLocked(channelId, messageId, emoji, actorId);
            if (userId != actorId)
            {
                RequireManageReactionsLocked(channel, actorId);
            }

            var reactions = _reactions.GetValueOrDefault(messageId);
            var index = reactions?.FindIndex(r => r.Emoji == emoji) ?? -1;
            if (index < 0 || !reactions![index].Users.Remove(userId))
            {
                return;
            }

            if (reactions[index].Users.Count == 0)
            {
                reactions.RemoveAt(index);
            }

            RaiseReactionLocked("MESSAGE_REACTION_REMOVE", stored, emoji, userId);
        }
    }

    /// <summary>DELETE …/reactions/{emoji}: every user's reaction with one emoji.</summary>
    public void RemoveEmojiReactions(Snowflake channelId, Snowflake messageId, string emoji, Snowflake actorId)
    {
        lock (_lock)
        {
            var (channel, stored) = ReactionTargetLocked(channelId, messageId, emoji, actorId);
            RequireManageReactionsLocked(channel, actorId);
            if (_reactions.GetValueOrDefault(messageId) is not { } reactions || reactions.RemoveAll(r => r.Emoji == emoji) == 0)
            {
                return;
            }

            RaiseRemovalLocked("MESSAGE_REACTION_REMOVE_EMOJI", stored, emoji);
        }
    }

    /// <summary>DELETE …/reactions: all of a message's reactions.</summary>
    public void RemoveAllReactions(Snowflake channelId, Snowflake messageId, Snowflake actorId)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            RequireChannelPermission(channel, actorId, DiscordPermissions.ReadMessageHistory);
            var stored = RequireChannelMessage(channelId, messageId);
            RequireManageReactionsLocked(channel, actorId);
            if (!_reactions.Remove(messageId, out var removed) || removed.Count == 0)
            {
                return;
            }

            RaiseRemovalLocked("MESSAGE_REACTION_REMOVE_ALL", stored, emoji: null);
        }
    }

    private void RequireManageReactionsLocked(Channel channel, Snowflake actorId)
    {
        if (channel.GuildId is null)
        {
            throw new RestException(StatusCodes.Status403Forbidden, 50003, "Cannot execute action on a DM channel");
        }

        RequireChannelPermissionLocked(channel, actorId, DiscordPermissions.ManageMessages);
    }

    private void RaiseRemovalLocked(string type, StateMessage stored, string? emoji)
    {
        RefreshReactionsLocked(stored);
        var message = stored.Message;
        var node = new JsonObject { ["channel_id"] = message.ChannelId.ToString(), ["message_id"] = message.Id.ToString() };
        if (message.GuildId is { } guildId)
        {
            node["guild_id"] = guildId.ToString();
        }

        if (emoji is not null)
        {
            node["emoji"] = new JsonObject { ["id"] = null, ["name"] = emoji };
        }

        Raise(type, message.GuildId, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), stored.VisibleTo);
    }
}
