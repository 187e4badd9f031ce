using System.Globalization;
using System.Text;
using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

/// <summary>Moderation beyond ban and timeout: kick, one ban, the audit log.</summary>
public sealed partial class DiscordRestClient
{
    /// <summary>DELETE /guilds/{guild.id}/members/{user.id}: KICK_MEMBERS and a role above the member's, 204.</summary>
    public Task KickAsync(Snowflake guildId, Snowflake userId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Delete, "guilds/{guild_id}/members/{user_id}", $"guilds/{guildId}/members/{userId}", $"{guildId}"), reason, cancellationToken);

    /// <summary>GET /guilds/{guild.id}/bans/{user.id}: the ban and its reason (BAN_MEMBERS); 10026 Unknown Ban when not banned.</summary>
    public Task<Ban> GetBanAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken = default) =>
        SendAsync<object, Ban>(new DiscordRoute(HttpMethod.Get, "guilds/{guild_id}/bans/{user_id}", $"guilds/{guildId}/bans/{userId}", $"{guildId}"),
            null, null, DiscordJsonContext.Default.Ban, null, cancellationToken);

    /// <summary>GET /guilds/{guild.id}/audit-logs (VIEW_AUDIT_LOG): newest first, filtered by actor, event number and id range.</summary>
    public Task<GuildAuditLog> GetAuditLogAsync(Snowflake guildId, Snowflake? userId = null, int? actionType = null, Snowflake? before = null, Snowflake? after = null,
        int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100);
        var query = new StringBuilder().Append(CultureInfo.InvariantCulture, $"?limit={limit}");
        Append(query, "user_id", userId);
        Append(query, "action_type", (ulong?)actionType);
        Append(query, "before", before);
        Append(query, "after", after);
        return SendAsync<object, GuildAuditLog>(new DiscordRoute(HttpMethod.Get, "guilds/{guild_id}/audit-logs", $"guilds/{guildId}/audit-logs{query}", $"{guildId}"),
            null, null, DiscordJsonContext.Default.GuildAuditLog, null, cancellationToken);

        static void Append(StringBuilder query, string name, ulong? value)
        {
            if (value is { } set)
            {
                query.Append(CultureInfo.InvariantCulture, $"&{name}={set}");
            }
        }
    }
}
