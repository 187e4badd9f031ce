using System.Text.Json.Serialization;

namespace Cortex.Ai.Moderation.Audit;

/// <summary>One decision as the audit log keeps it.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong GuildId { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong? ChannelId { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong? MessageId { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong? UserId { get; init; }

    /// <summary>rules, api, agent, escalation, review, appeal, queue.</summary>
    public required string Stage { get; init; }

    public IReadOnlyDictionary<string, double>? Scores { get; init; }

    public string? Category { get; init; }

    public int? Severity { get; init; }

    public required string Action { get; init; }

    public string? Outcome { get; init; }

    public long? CaseNumber { get; init; }

    public string Detail { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
