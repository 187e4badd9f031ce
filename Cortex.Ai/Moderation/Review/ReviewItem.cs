using System.Text.Json.Serialization;

namespace Cortex.Ai.Moderation.Review;

/// <summary>A case waiting for a moderator: a ban to confirm, or a member's appeal.</summary>
public sealed record ReviewItem
{
    public long Id { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong GuildId { get; init; }

    public long CaseNumber { get; init; }

    /// <summary>ban or appeal.</summary>
    public required string Kind { get; init; }

    public string Note { get; init; } = "";

    /// <summary>pending, approved or overturned.</summary>
    public required string Status { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong? DecidedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    // The case, so a moderator decides without a second look-up.
    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public ulong UserId { get; init; }

    public string Action { get; init; } = "";

    public string Reason { get; init; } = "";

    public string? Outcome { get; init; }
}

/// <summary>The body of an approve or overturn over HTTP.</summary>
public sealed record ReviewDecisionRequest
{
    /// <summary>The moderator deciding, recorded on the item and in the audit log.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong ModeratorId { get; init; }

    public string? Note { get; init; }
}
