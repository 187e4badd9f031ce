using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Each guild's audit log: moderation through REST leaves an entry (kick 20, ban 22, unban 23, timeout 24,
/// role change 25, bulk delete 73) with the <c>X-Audit-Log-Reason</c> it was given, raises
/// GUILD_AUDIT_LOG_ENTRY_CREATE, and is read back by GET /guilds/{guild.id}/audit-logs (VIEW_AUDIT_LOG).
/// The newest <see cref="MaxAuditEntries"/> per guild are kept.
/// </summary>
public sealed partial class DiscordState
{
    public const int MaxAuditEntries = 1000;

    private readonly Dictionary<Snowflake, List<AuditLogEntry>> _auditLogs = [];

    public void RecordAudit(Snowflake guildId, Snowflake actorId, int actionType, Snowflake? targetId, string? reason,
        IReadOnlyList<AuditLogChange>? changes = null, JsonElement? options = null)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            var entries = _auditLogs.TryGetValue(guildId, out var list) ? list : _auditLogs[guildId] = [];
            var entry = new AuditLogEntry
            {
                Id = NextId(),
                UserId = actorId,
                TargetId = targetId?.ToString(),
                ActionType = actionType,
                Changes = changes,
                Options = options,
                Reason = string.IsNullOrEmpty(reason) ? null : reason,
            };
            entries.Add(entry);
            if (entries.Count > MaxAuditEntries)
            {
                entries.RemoveAt(0);
            }

            var data = JsonSerializer.SerializeToNode(entry, RestRouteJsonContext.Default.AuditLogEntry)!.AsObject();
            data["guild_id"] = guildId.ToString();
            Raise("GUILD_AUDIT_LOG_ENTRY_CREATE", guildId, System.Text.Encoding.UTF8.GetBytes(data.ToJsonString()));
        }
    }

    /// <summary>GET /guilds/{guild.id}/audit-logs: newest first, filtered as the query asks; the users it names alongside.</summary>
    public GuildAuditLog GetAuditLog(Snowflake guildId, Snowflake actorId, Snowflake? userId, int? actionType, Snowflake? before, Snowflake? after, int limit)
    {
        lock (_lock)
        {
            RequireGuildOf(guildId, actorId);
            if ((PermissionsOf(guildId, actorId) & DiscordPermissions.ViewAuditLog) == 0)
            {
                throw RestException.MissingPermissions();
            }

            var entries = (_auditLogs.GetValueOrDefault(guildId) ?? [])
                .Where(e => (userId is null || e.UserId == userId) && (actionType is null || e.ActionType == actionType)
                    && (before is null || e.Id.Value < before) && (after is null || e.Id.Value > after))
                .OrderByDescending(e => e.Id.Value).Take(limit).ToList();
            var users = entries.SelectMany(e => new[] { e.UserId, Snowflake.TryParse(e.TargetId, out var target) ? target : (Snowflake?)null })
                .OfType<Snowflake>().Distinct().Where(_users.ContainsKey).Select(id => _users[id]).ToList();
            return new GuildAuditLog { AuditLogEntries = entries, Users = users, Threads = [], Webhooks = [], Integrations = [], ApplicationCommands = [] };
        }
    }

    /// <summary>The reason of the newest ban of <paramref name="userId"/>: what GET /bans/{user.id} reports.</summary>
    private string? BanReasonLocked(Snowflake guildId, Snowflake userId) =>
        _auditLogs.GetValueOrDefault(guildId)?.LastOrDefault(e => e.ActionType == AuditLogEvents.MemberBanAdd && e.TargetId == userId.ToString())?.Reason;
}

/// <summary>Discord's audit log event numbers the emulator records.</summary>
public static class AuditLogEvents
{
    public const int MemberKick = 20;
    public const int MemberBanAdd = 22;
    public const int MemberBanRemove = 23;
    public const int MemberUpdate = 24;
    public const int MemberRoleUpdate = 25;
    public const int MessageBulkDelete = 73;
}
