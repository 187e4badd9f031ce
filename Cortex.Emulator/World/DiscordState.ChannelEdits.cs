using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Create Guild Channel and Modify Channel for guild channels (threads: <c>DiscordState.ThreadEdits.cs</c>).
/// Both take Manage Channels; overwrites may allow or deny only bits the actor holds. A channel created
/// under a category without <c>permission_overwrites</c> is synced to the category's, as on Discord.
/// </summary>
public sealed partial class DiscordState
{
    /// <summary>POST /guilds/{guild.id}/channels (201). Raises CHANNEL_CREATE.</summary>
    public Channel CreateGuildChannel(Snowflake guildId, CreateGuildChannelRequest request, Snowflake actorId)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            var guild = RequireGuildOf(guildId, actorId);
            var held = PermissionCalculator.Base(PermissionMemberOf(guild, actorId, _members.GetValueOrDefault((guildId, actorId))), RolePermissions(guild));
            if ((held & DiscordPermissions.ManageChannels) == 0)
            {
                throw RestException.MissingPermissions();
            }

            var type = request.Type ?? ChannelType.GuildText;
            if (type is not (ChannelType.GuildText or ChannelType.GuildVoice or ChannelType.GuildCategory or ChannelType.GuildAnnouncement))
            {
                throw RestException.InvalidFormBody("type: Must be 0 (text), 2 (voice), 4 (category) or 5 (announcement).");
            }

            ValidateChannelFields(request.Name ?? "", request.Topic, request.RateLimitPerUser);
            var parent = request.ParentId is { } parentId ? RequireCategoryLocked(guildId, parentId, type) : null;
            var overwrites = request.PermissionOverwrites is { } given ? CheckedOverwritesLocked(guild, given, held) : parent?.PermissionOverwrites ?? [];
            var channel = new Channel
            {
                Id = NextId(),
                GuildId = guildId,
                Type = type,
                Name = request.Name,
                Topic = request.Topic,
                Nsfw = request.Nsfw,
                RateLimitPerUser = type == ChannelType.GuildCategory ? null : request.RateLimitPerUser ?? 0,
                Position = request.Position ?? _channels.Values.Count(c => c.GuildId == guildId && !IsThread(c)),
                ParentId = parent?.Id,
                PermissionOverwrites = [.. overwrites],
            };
            _channels[channel.Id] = channel;
            Raise("CHANNEL_CREATE", guildId, JsonSerializer.SerializeToUtf8Bytes(GuildChannelModel(channel), DiscordJsonContext.Default.Channel));
            return ChannelModel(channel);
        }
    }

    /// <summary>PATCH /channels/{channel.id}: a thread is edited by its own rules; a DM cannot be (50003).</summary>
    public Channel ModifyChannel(Snowflake channelId, ModifyChannelRequest request, Snowflake actorId)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            if (channel.GuildId is not { } guildId)
            {
                throw new RestException(StatusCodes.Status403Forbidden, 50003, "Cannot execute action on a DM channel");
            }

            if (IsThread(channel))
            {
                return ModifyThreadLocked(channel, request, actorId);
            }

            RequireChannelPermissionLocked(channel, actorId, DiscordPermissions.ManageChannels);
            ValidateChannelFields(request.Name ?? channel.Name ?? "", request.Topic, request.RateLimitPerUser);
            var parent = request.ParentId is { } parentId ? RequireCategoryLocked(guildId, parentId, channel.Type) : null;
            var overwrites = channel.PermissionOverwrites;
            if (request.PermissionOverwrites is { } given)
            {
                // Changing overwrites takes Manage Roles as well, as Edit Channel Permissions does.
                RequireChannelPermissionLocked(channel, actorId, DiscordPermissions.ManageRoles);
                overwrites = CheckedOverwritesLocked(_guilds[guildId], given, ChannelPermissions(channel, actorId));
            }

            var updated = channel with
            {
                Name = request.Name ?? channel.Name,
                Topic = request.Topic ?? channel.Topic,
                Nsfw = request.Nsfw ?? channel.Nsfw,
                RateLimitPerUser = request.RateLimitPerUser ?? channel.RateLimitPerUser,
                ParentId = parent?.Id ?? channel.ParentId,
                PermissionOverwrites = overwrites,
            };
            _channels[channelId] = updated;
            Raise("CHANNEL_UPDATE", guildId, JsonSerializer.SerializeToUtf8Bytes(GuildChannelModel(updated), DiscordJsonContext.Default.Channel));
            return ChannelModel(updated);
        }
    }

    private Channel RequireCategoryLocked(Snowflake guildId, Snowflake parentId, ChannelType childType) =>
        childType != ChannelType.GuildCategory && _channels.GetValueOrDefault(parentId) is { Type: ChannelType.GuildCategory } parent && parent.GuildId == guildId
            ? parent
            : throw RestException.InvalidFormBody("parent_id: Must be a category of this guild (a category has no parent).");

    /// <summary>Overwrites for roles of the guild or known users, with no bit the actor lacks (owners and administrators excepted).</summary>
    private List<PermissionOverwrite> CheckedOverwritesLocked(StateGuild guild, IReadOnlyList<PermissionOverwrite> overwrites, DiscordPermissions held)
    {
        var checkedOverwrites = new List<PermissionOverwrite>(overwrites.Count);
        foreach (var overwrite in overwrites)
        {
            if (overwrite is null)
            {
                throw RestException.InvalidFormBody("permission_overwrites: Must be overwrite objects.");
            }

            var bits = (PermissionBits.Parse(overwrite.Allow) ?? throw RestException.InvalidFormBody("permission_overwrites.allow: Must be a decimal permission bit set."))
                | (PermissionBits.Parse(overwrite.Deny) ?? throw RestException.InvalidFormBody("permission_overwrites.deny: Must be a decimal permission bit set."));
            var known = overwrite.Type == PermissionOverwriteType.Role ? guild.Roles.Any(r => r.Id == overwrite.Id) : _users.ContainsKey(overwrite.Id);
            if (!known)
            {
                throw overwrite.Type == PermissionOverwriteType.Role ? new RestException(404, 10011, "Unknown Role") : RestException.UnknownUser();
            }

            if (held != DiscordPermissions.All && (bits & ~held) != 0)
            {
                throw RestException.MissingPermissions();
            }

            checkedOverwrites.Add(overwrite);
        }

        return checkedOverwrites;
    }

    private static void ValidateChannelFields(string name, string? topic, int? rateLimitPerUser)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw RestException.InvalidFormBody("name: Must be between 1 and 100 in length.");
        }

        if (topic is { Length: > 1024 })
        {
            throw RestException.InvalidFormBody("topic: Must be between 0 and 1024 in length.");
        }

        if (rateLimitPerUser is < 0 or > 21600)
        {
            throw RestException.InvalidFormBody("rate_limit_per_user: Must be between 0 and 21600.");
        }
    }
}
