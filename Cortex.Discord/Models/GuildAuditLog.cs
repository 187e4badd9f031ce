using System.Text.Json;

namespace Cortex.Discord.Models;

/// <summary>GET /guilds/{guild.id}/audit-logs: entries with the users, threads and webhooks they refer to.</summary>
public sealed record GuildAuditLog
{
    public IReadOnlyList<AuditLogEntry> AuditLogEntries { get; init => field = value ?? []; } = [];
    public IReadOnlyList<User> Users { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Channel> Threads { get; init => field = value ?? []; } = [];
    public IReadOnlyList<JsonElement>? Webhooks { get; init; }
    public IReadOnlyList<JsonElement>? Integrations { get; init; }
    public IReadOnlyList<ApplicationCommand>? ApplicationCommands { get; init; }
    public IReadOnlyList<JsonElement>? AutoModerationRules { get; init; }
    public IReadOnlyList<JsonElement>? GuildScheduledEvents { get; init; }
}

public sealed record AuditLogEntry
{
    public required Snowflake Id { get; init; }
    public string? TargetId { get; init; }
    public IReadOnlyList<AuditLogChange>? Changes { get; init; }
    public Snowflake? UserId { get; init; }

    /// <summary>Discord's audit log event number (22 member ban add, 24 member update, ...), kept as sent.</summary>
    public int ActionType { get; init; }

    public JsonElement? Options { get; init; }
    public string? Reason { get; init; }
}

/// <summary>One changed key; the values' types depend on the key, so they stay JSON.</summary>
public sealed record AuditLogChange
{
    public required string Key { get; init; }
    public JsonElement? NewValue { get; init; }
    public JsonElement? OldValue { get; init; }
}
