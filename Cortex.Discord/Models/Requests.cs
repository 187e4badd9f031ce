using System.Text.Json.Serialization;

namespace Cortex.Discord.Models;

/// <summary>PATCH /guilds/{guild.id}/members/{user.id}, the timeout part.</summary>
public sealed record ModifyMemberTimeoutRequest
{
    /// <summary>Up to 28 days ahead; null removes the timeout (so null is sent, not omitted).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? CommunicationDisabledUntil { get; init; }
}

/// <summary>PUT /guilds/{guild.id}/bans/{user.id}.</summary>
public sealed record CreateBanRequest
{
    /// <summary>0 to 604800 (7 days) of the user's messages to delete.</summary>
    public int? DeleteMessageSeconds { get; init; }
}

/// <summary>GET /gateway/bot.</summary>
public sealed record GatewayBot
{
    public required string Url { get; init; }
    public int Shards { get; init; }
    public required SessionStartLimit SessionStartLimit { get; init; }
}

public sealed record SessionStartLimit
{
    public int Total { get; init; }
    public int Remaining { get; init; }

    /// <summary>Milliseconds until <see cref="Remaining"/> resets.</summary>
    public long ResetAfter { get; init; }

    public int MaxConcurrency { get; init; }
}

/// <summary>The body of a Discord error response.</summary>
public sealed record DiscordErrorBody
{
    public int Code { get; init; }
    public string Message { get; init; } = "";
    public System.Text.Json.JsonElement? Errors { get; init; }
}

/// <summary>The body of a 429.</summary>
public sealed record RateLimitBody
{
    public string Message { get; init; } = "";
    public double RetryAfter { get; init; }
    public bool Global { get; init; }
    public int? Code { get; init; }
}
