using System.Text.Json.Serialization;
using Cortex.Ai.Moderation.Config;

namespace Cortex.Ai.Moderation.Policy;

/// <summary>A numbered case: what was done to whom, why, and what Discord answered.</summary>
public sealed record ModerationCase
{
    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong GuildId { get; init; }

    public long CaseNumber { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong UserId { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong? ChannelId { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong? MessageId { get; init; }

    /// <summary>rules, api, agent or escalation.</summary>
    public required string Source { get; init; }

    public required string Category { get; init; }

    public int Severity { get; init; }

    public ModerationAction Action { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset? TimeoutUntil { get; init; }

    /// <summary>Discord's answer to the action, step by step; null while it is under way.</summary>
    public string? Outcome { get; init; }

    public bool ActionFailed { get; init; }

    /// <summary>open, upheld or overturned.</summary>
    public string Status { get; init; } = "open";

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What the pipeline decided about a message, before the policy turns it into an action.</summary>
/// <param name="Stage">rules, api or agent.</param>
public sealed record ModerationDecision(string Stage, int Severity, string Category, string Reason, IReadOnlyDictionary<string, double>? Scores = null);
