using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

public sealed partial class DiscordState
{
    /// <summary>
    /// PUT /guilds/{guild.id}/members/{user.id}/roles/{role.id}: needs MANAGE_ROLES, and (unless the
    /// actor owns the guild) the role must sit below the actor's highest role, as on Discord. Adding
    /// a role the member has changes nothing; otherwise GUILD_MEMBER_UPDATE is raised.
    /// </summary>
    public GuildMember AddMemberRole(Snowflake guildId, Snowflake userId, Snowflake roleId, Snowflake actorId) =>
        ChangeMemberRole(guildId, userId, roleId, actorId, add: true);

    /// <summary>DELETE on the same route, with the same checks.</summary>
    public GuildMember RemoveMemberRole(Snowflake guildId, Snowflake userId, Snowflake roleId, Snowflake actorId) =>
        ChangeMemberRole(guildId, userId, roleId, actorId, add: false);

    private GuildMember ChangeMemberRole(Snowflake guildId, Snowflake userId, Snowflake roleId, Snowflake actorId, bool add)
    {
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            var member = RequireMember(guildId, userId);
            var role = guild.Roles.FirstOrDefault(r => r.Id == roleId && r.Id != guildId)
                ?? throw new RestException(404, 10011, "Unknown Role");
            if ((PermissionsOf(guildId, actorId) & DiscordPermissions.ManageRoles) == 0
                || (actorId != guild.OwnerId && !RoleHierarchy.IsBelowMember(role, guild.Roles, RolesOf(guildId, actorId))))
            {
                throw RestException.MissingPermissions();
            }

            var changed = add ? AddOnce(member.Roles, roleId) : member.Roles.Remove(roleId);
            if (changed)
            {
                Raise("GUILD_MEMBER_UPDATE", guildId, JsonSerializer.SerializeToUtf8Bytes(
                    new GuildMemberUpdateEvent(guildId, _users[userId], [.. member.Roles.Select(r => new Snowflake(r))], member.JoinedAt, null, member.CommunicationDisabledUntil),
                    EmulatorRestJsonContext.Default.GuildMemberUpdateEvent));
            }

            return MemberModel(member, includeUser: true);
        }

        static bool AddOnce(List<ulong> roles, Snowflake roleId)
        {
            if (roles.Contains(roleId))
            {
                return false;
            }

            roles.Add(roleId);
            return true;
        }
    }
}
