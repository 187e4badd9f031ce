using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Channel permission overwrites (Edit/Delete Channel DiscordPermissions): they need Manage Roles in the
/// channel, and only bits the actor holds there may be allowed or denied (owners and administrators
/// excepted). Each change raises CHANNEL_UPDATE with the channel's overwrites.
/// </summary>
public sealed partial class DiscordState
{
    /// <summary>PUT /channels/{channel.id}/permissions/{overwrite.id}: sets (or replaces) the overwrite for a role or a member.</summary>
    public Channel EditChannelPermissions(Snowflake channelId, ChannelOverwrite overwrite, Snowflake actorId)
    {
        lock (_lock)
        {
            var channel = RequireOverwritableChannel(channelId);
            var guild = RequireGuild(channel.GuildId!.Value);
            var held = RequireOverwriteRights(channel, actorId);
            if (held != DiscordPermissions.All && ((overwrite.Allow | overwrite.Deny) & ~held) != 0)
            {
                throw RestException.MissingPermissions();
            }

            var known = overwrite.Type == PermissionOverwriteType.Role ? guild.Roles.Any(r => r.Id == overwrite.Id) : _users.ContainsKey(overwrite.Id);
            if (!known)
            {
                throw overwrite.Type == PermissionOverwriteType.Role ? new RestException(404, 10011, "Unknown Role") : RestException.UnknownUser();
            }

            var overwrites = (channel.PermissionOverwrites ?? []).Where(o => o.Id != overwrite.Id).Append(overwrite.ToModel()).ToList();
            return UpdateOverwritesLocked(channel, overwrites);
        }
    }

    /// <summary>DELETE /channels/{channel.id}/permissions/{overwrite.id}: 10009 when the channel has no such overwrite.</summary>
    public Channel DeleteChannelPermission(Snowflake channelId, Snowflake overwriteId, Snowflake actorId)
    {
        lock (_lock)
        {
            var channel = RequireOverwritableChannel(channelId);
            RequireOverwriteRights(channel, actorId);
            var overwrites = (channel.PermissionOverwrites ?? []).ToList();
            if (overwrites.RemoveAll(o => o.Id == overwriteId) == 0)
            {
                throw new RestException(StatusCodes.Status404NotFound, 10009, "Unknown Overwrite");
            }

            return UpdateOverwritesLocked(channel, overwrites);
        }
    }

    private Channel UpdateOverwritesLocked(Channel channel, List<PermissionOverwrite> overwrites)
    {
        var updated = channel with { PermissionOverwrites = overwrites };
        _channels[channel.Id] = updated;
        Raise("CHANNEL_UPDATE", channel.GuildId, JsonSerializer.SerializeToUtf8Bytes(GuildChannelModel(updated), DiscordJsonContext.Default.Channel));
        return GuildChannelModel(updated);
    }

    private Channel RequireOverwritableChannel(Snowflake channelId)
    {
        var channel = RequireChannel(channelId);
        return channel.GuildId is null || IsThread(channel)
            ? throw new RestException(StatusCodes.Status400BadRequest, 50024, "Cannot execute action on this channel type")
            : channel;
    }

    private DiscordPermissions RequireOverwriteRights(Channel channel, Snowflake actorId)
    {
        RequireChannelPermissionLocked(channel, actorId, DiscordPermissions.ManageRoles);
        return ChannelPermissions(channel, actorId);
    }

    /// <summary>A guild channel as Discord sends it: overwrites always present (empty when none), and the fields Discord always fills.</summary>
    private static Channel GuildChannelModel(Channel channel) => channel with
    {
        PermissionOverwrites = channel.PermissionOverwrites ?? [],
        Nsfw = channel.Nsfw ?? false,
        RateLimitPerUser = channel.Type == ChannelType.GuildCategory ? channel.RateLimitPerUser : channel.RateLimitPerUser ?? 0,
        Flags = channel.Flags ?? 0,
    };
}
