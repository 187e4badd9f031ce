using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>Channel reads (get channel, list a guild's channels and roles) and opening a DM, as the bot.</summary>
public sealed partial class DiscordState
{
    /// <summary>GET /channels/{channel.id}: 10003 for an unknown channel, 50001 when the bot cannot see it.</summary>
    public Channel GetChannel(Snowflake channelId, Snowflake actorId)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            RequireChannelAccess(channel, actorId);
            return ChannelModel(channel);
        }
    }

    /// <summary>GET /guilds/{guild.id}/channels: every channel (threads excluded), whatever the bot may see, as on Discord.</summary>
    public IReadOnlyList<Channel> GetGuildChannels(Snowflake guildId, Snowflake actorId)
    {
        lock (_lock)
        {
            RequireGuildOf(guildId, actorId);
            return [.. _channels.Values.Where(c => c.GuildId == guildId && c.Type is not (ChannelType.PublicThread or ChannelType.PrivateThread or ChannelType.AnnouncementThread))
                .OrderBy(c => c.Position).ThenBy(c => c.Id.Value).Select(ChannelModel)];
        }
    }

    /// <summary>GET /guilds/{guild.id}/roles.</summary>
    public IReadOnlyList<Role> GetGuildRoles(Snowflake guildId, Snowflake actorId)
    {
        lock (_lock)
        {
            return [.. RequireGuildOf(guildId, actorId).Roles.OrderBy(r => r.Position).ThenBy(r => r.Id.Value)];
        }
    }

    /// <summary>POST /users/@me/channels: the DM with a user (the same channel every time); 10013 unknown user, 50007 for a bot.</summary>
    public Channel CreateDm(Snowflake recipientId)
    {
        lock (_lock)
        {
            var recipient = RequireUser(recipientId);
            if (recipient.Bot == true)
            {
                throw new RestException(StatusCodes.Status400BadRequest, 50007, "Cannot send messages to this user");
            }

            return ChannelModel(GetOrCreateDmChannel(recipientId));
        }
    }

    /// <summary>Discord answers 50001 Missing Access where the actor cannot view the channel (or is not in its guild).</summary>
    private void RequireChannelAccess(Channel channel, Snowflake actorId)
    {
        if (channel.GuildId is { } guildId && !_members.ContainsKey((guildId, actorId)))
        {
            throw MissingAccess();
        }

        if ((ChannelPermissions(channel, actorId) & DiscordPermissions.ViewChannel) == 0)
        {
            throw MissingAccess();
        }
    }

    private void RequireChannelPermission(Channel channel, Snowflake actorId, DiscordPermissions permission)
    {
        RequireChannelAccess(channel, actorId);
        if ((ChannelPermissions(channel, actorId) & permission) != permission)
        {
            throw RestException.MissingPermissions();
        }
    }

    /// <summary>A guild the actor is in; like GET /guilds/{guild.id}, a guild the bot is not in is unknown to it.</summary>
    private StateGuild RequireGuildOf(Snowflake guildId, Snowflake actorId) =>
        _guilds.TryGetValue(guildId, out var guild) && _members.ContainsKey((guildId, actorId)) ? guild : throw RestException.UnknownGuild();

    private static RestException MissingAccess() => new(StatusCodes.Status403Forbidden, 50001, "Missing Access");

    /// <summary>The channel object Discord sends: a DM lists its recipient (the world keeps it in ParentId), a guild channel its overwrites.</summary>
    private Channel ChannelModel(Channel channel) => channel.Type == ChannelType.DirectMessage
        ? new Channel
        {
            Id = channel.Id,
            Type = ChannelType.DirectMessage,
            LastMessageId = LastMessageIdLocked(channel.Id),
            Flags = 0,
            Recipients = channel.ParentId is { } recipient && _users.TryGetValue(recipient, out var user) ? [user] : [],
        }
        : channel with
        {
            PermissionOverwrites = channel.PermissionOverwrites ?? [],
            LastMessageId = channel.Type == ChannelType.GuildCategory ? null : LastMessageIdLocked(channel.Id),
            Nsfw = channel.Nsfw ?? false,
            RateLimitPerUser = channel.Type == ChannelType.GuildCategory ? channel.RateLimitPerUser : channel.RateLimitPerUser ?? 0,
            Flags = channel.Flags ?? 0,
        };

    private Snowflake? LastMessageIdLocked(Snowflake channelId)
    {
        Snowflake? last = null;
        foreach (var stored in _messages.Values)
        {
            if (stored.Message.ChannelId == channelId && stored.VisibleTo is null && (last is null || stored.Message.Id.Value > last))
            {
                last = stored.Message.Id.Value;
            }
        }

        return last is { } id ? new Snowflake(id) : null;
    }
}
