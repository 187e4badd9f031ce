using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

public sealed partial class DiscordState
{
    /// <summary>Discord's cap on a timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(28);

    public GuildMember GetMember(Snowflake guildId, Snowflake userId)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            return MemberModel(RequireMember(guildId, userId), includeUser: true);
        }
    }

    /// <summary>
    /// PATCH /guilds/{guild.id}/members/{user.id} with <c>communication_disabled_until</c>: needs
    /// MODERATE_MEMBERS and a higher role than the target; the owner and administrators cannot be timed out.
    /// </summary>
    public GuildMember SetTimeout(Snowflake guildId, Snowflake userId, DateTimeOffset? until, Snowflake actorId)
    {
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            var member = RequireMember(guildId, userId);
            RequireModerationOver(guild, actorId, userId, DiscordPermissions.ModerateMembers);
            if ((PermissionsOf(guildId, userId) & DiscordPermissions.Administrator) != 0)
            {
                throw RestException.MissingPermissions();
            }

            if (until is { } end && end > _time.GetUtcNow() + MaxTimeout)
            {
                throw RestException.InvalidFormBody("communication_disabled_until: Cannot time out a member for more than 28 days.");
            }

            member.CommunicationDisabledUntil = until is { } value && value > _time.GetUtcNow() ? value : null;
            Raise("GUILD_MEMBER_UPDATE", guildId, JsonSerializer.SerializeToUtf8Bytes(
                new GuildMemberUpdateEvent(guildId, _users[userId], [.. member.Roles.Select(r => new Snowflake(r))], member.JoinedAt, null, member.CommunicationDisabledUntil),
                EmulatorRestJsonContext.Default.GuildMemberUpdateEvent));
            return MemberModel(member, includeUser: true);
        }
    }

    /// <summary>PUT /guilds/{guild.id}/bans/{user.id}: needs BAN_MEMBERS and a higher role; removes the member and, optionally, recent messages.</summary>
    public void Ban(Snowflake guildId, Snowflake userId, int deleteMessageSeconds, Snowflake actorId)
    {
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            var user = RequireUser(userId);
            if (deleteMessageSeconds is < 0 or > 604_800)
            {
                throw RestException.InvalidFormBody("delete_message_seconds: Must be between 0 and 604800.");
            }

            if (_members.ContainsKey((guildId, userId)))
            {
                RequireModerationOver(guild, actorId, userId, DiscordPermissions.BanMembers);
            }
            else if ((PermissionsOf(guildId, actorId) & DiscordPermissions.BanMembers) == 0)
            {
                throw RestException.MissingPermissions();
            }

            _bans.Add((guildId, userId));
            Raise("GUILD_BAN_ADD", guildId, JsonSerializer.SerializeToUtf8Bytes(new GuildBanEvent(guildId, user), EmulatorRestJsonContext.Default.GuildBanEvent));
            if (_members.Remove((guildId, userId)))
            {
                Raise("GUILD_MEMBER_REMOVE", guildId, JsonSerializer.SerializeToUtf8Bytes(new GuildMemberRemoveEvent(guildId, user), EmulatorRestJsonContext.Default.GuildMemberRemoveEvent));
            }

            var since = _time.GetUtcNow() - TimeSpan.FromSeconds(deleteMessageSeconds);
            foreach (var stored in _messages.Values.Where(m => m.Message.GuildId == guildId && m.Message.Author.Id == userId && m.Message.Timestamp >= since).ToList())
            {
                RemoveMessageLocked(stored);
            }
        }
    }

    /// <summary>DELETE /guilds/{guild.id}/bans/{user.id}. The user can join again (the emulator re-adds them for convenience).</summary>
    public void Unban(Snowflake guildId, Snowflake userId, Snowflake actorId)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            var user = RequireUser(userId);
            if ((PermissionsOf(guildId, actorId) & DiscordPermissions.BanMembers) == 0)
            {
                throw RestException.MissingPermissions();
            }

            if (!_bans.Remove((guildId, userId)))
            {
                throw RestException.UnknownBan();
            }

            Raise("GUILD_BAN_REMOVE", guildId, JsonSerializer.SerializeToUtf8Bytes(new GuildBanEvent(guildId, user), EmulatorRestJsonContext.Default.GuildBanEvent));
        }
    }

    /// <summary>GET /guilds/{guild.id}: the guild with its roles (the bot must be a member).</summary>
    public Guild GetGuild(Snowflake guildId)
    {
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            if (!_members.ContainsKey((guildId, Bot.Id)))
            {
                throw RestException.UnknownGuild();
            }

            return new Guild { Id = guild.Id, Name = guild.Name, OwnerId = guild.OwnerId, Roles = [.. guild.Roles.OrderBy(r => r.Position)] };
        }
    }

    /// <summary>The guilds a user is a member of, as partial guilds.</summary>
    public IReadOnlyList<Guild> GuildsOf(Snowflake userId)
    {
        lock (_lock)
        {
            return [.. _guilds.Values.Where(g => _members.ContainsKey((g.Id, userId))).OrderBy(g => g.Id)
                .Select(g => new Guild { Id = g.Id, Name = g.Name, OwnerId = g.OwnerId })];
        }
    }

    /// <summary>Everything the chat page draws: guilds, channels, members (with timeouts) and commands.</summary>
    public ChatSnapshot ChatSnapshot()
    {
        lock (_lock)
        {
            var guilds = _guilds.Values.OrderBy(g => g.Id).Select(g => new ChatGuild(
                g.Id,
                g.Name,
                [.. _channels.Values.Where(c => c.GuildId == g.Id).OrderBy(c => c.Position)],
                [.. _members.Values.Where(m => m.GuildId == g.Id).OrderBy(m => m.UserId)
                    .Select(m => new ChatMember(_users[m.UserId], IsTimedOut(m) ? m.CommunicationDisabledUntil : null))],
                CommandsFor(g.Id))).ToList();
            return new ChatSnapshot(ApplicationId, Bot.Id, guilds);
        }
    }

    public bool IsBanned(Snowflake guildId, Snowflake userId)
    {
        lock (_lock)
        {
            return _bans.Contains((guildId, userId));
        }
    }

    private void RequireModerationOver(StateGuild guild, Snowflake actorId, Snowflake targetId, DiscordPermissions permission)
    {
        if ((PermissionsOf(guild.Id, actorId) & permission) == 0 || targetId == guild.OwnerId
            || (actorId != guild.OwnerId && !RoleHierarchy.Outranks(guild.Roles, RolesOf(guild.Id, actorId), RolesOf(guild.Id, targetId))))
        {
            throw RestException.MissingPermissions();
        }
    }

    private List<ulong> RolesOf(Snowflake guildId, Snowflake userId) =>
        _members.TryGetValue((guildId, userId), out var member) ? member.Roles : [];

    private bool IsTimedOut(StateMember member) => member.CommunicationDisabledUntil > _time.GetUtcNow();

    private GuildMember MemberModel(StateMember member, bool includeUser) => new()
    {
        User = includeUser ? _users[member.UserId] : null,
        Roles = [.. member.Roles.Select(r => new Snowflake(r))],
        JoinedAt = member.JoinedAt,
        CommunicationDisabledUntil = IsTimedOut(member) ? member.CommunicationDisabledUntil : null,
    };
}
