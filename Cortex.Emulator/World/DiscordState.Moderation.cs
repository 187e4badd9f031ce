using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>Kick and ban lookup: the moderation routes beyond ban, unban and timeout.</summary>
public sealed partial class DiscordState
{
    /// <summary>
    /// DELETE /guilds/{guild.id}/members/{user.id}: KICK_MEMBERS and a higher role than the target (the
    /// owner cannot be kicked). Raises GUILD_MEMBER_REMOVE and records a MEMBER_KICK audit entry.
    /// </summary>
    public void Kick(Snowflake guildId, Snowflake userId, Snowflake actorId, string? reason)
    {
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            RequireMember(guildId, userId);
            RequireModerationOver(guild, actorId, userId, DiscordPermissions.KickMembers);
            _members.Remove((guildId, userId));
            Raise("GUILD_MEMBER_REMOVE", guildId, JsonSerializer.SerializeToUtf8Bytes(
                new GuildMemberRemoveEvent(guildId, _users[userId]), EmulatorRestJsonContext.Default.GuildMemberRemoveEvent));
            RecordAudit(guildId, actorId, AuditLogEvents.MemberKick, userId, reason);
        }
    }

    /// <summary>GET /guilds/{guild.id}/bans/{user.id}: BAN_MEMBERS (50013); 10026 when the user is not banned.</summary>
    public Ban GetBan(Snowflake guildId, Snowflake userId, Snowflake actorId)
    {
        lock (_lock)
        {
            RequireGuildOf(guildId, actorId);
            if ((PermissionsOf(guildId, actorId) & DiscordPermissions.BanMembers) == 0)
            {
                throw RestException.MissingPermissions();
            }

            return _bans.Contains((guildId, userId)) && _users.TryGetValue(userId, out var user)
                ? new Ban { User = user, Reason = BanReasonLocked(guildId, userId) }
                : throw RestException.UnknownBan();
        }
    }
}
