using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

public sealed partial class DiscordRestClient
{
    /// <summary>
    /// Gives a member a role (<c>PUT /guilds/{guild.id}/members/{user.id}/roles/{role.id}</c>, 204).
    /// Needs MANAGE_ROLES and a role below the bot's highest; giving a role the member has is a no-op.
    /// </summary>
    public Task AddMemberRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(MemberRole(HttpMethod.Put, guildId, userId, roleId), reason, cancellationToken);

    /// <summary>Takes a role from a member (<c>DELETE</c> on the same route, 204).</summary>
    public Task RemoveMemberRoleAsync(Snowflake guildId, Snowflake userId, Snowflake roleId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(MemberRole(HttpMethod.Delete, guildId, userId, roleId), reason, cancellationToken);

    private static DiscordRoute MemberRole(HttpMethod method, ulong guildId, ulong userId, ulong roleId) =>
        new(method, "guilds/{guild_id}/members/{user_id}/roles/{role_id}", $"guilds/{guildId}/members/{userId}/roles/{roleId}", $"{guildId}");
}
