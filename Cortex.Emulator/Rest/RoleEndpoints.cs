using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

/// <summary>Member roles: what the verification flow calls to grant its role.</summary>
internal static class RoleEndpoints
{
    public static void Map(RouteGroupBuilder bot)
    {
        bot.MapPut("/guilds/{guildId}/members/{userId}/roles/{roleId}", (ulong guildId, ulong userId, ulong roleId, DiscordState state) =>
        {
            state.AddMemberRole(guildId, userId, roleId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("members:roles", 10, "guildId"), new AuditAction(AuditLogEvents.MemberRoleUpdate));
        bot.MapDelete("/guilds/{guildId}/members/{userId}/roles/{roleId}", (ulong guildId, ulong userId, ulong roleId, DiscordState state) =>
        {
            state.RemoveMemberRole(guildId, userId, roleId, state.Bot.Id);
            return TypedResults.NoContent();
        }).WithMetadata(new RestBucket("members:roles", 10, "guildId"), new AuditAction(AuditLogEvents.MemberRoleUpdate));
    }
}
