using System.Net;
using System.Text.Json;

namespace Cortex.Discord.Rest;

/// <summary>Discord refused a call: the HTTP status, Discord's JSON error code (<see cref="DiscordErrorCodes"/>) and message.</summary>
public class DiscordRestException : Exception
{
    public DiscordRestException()
    {
    }

    public DiscordRestException(string message)
        : base(message)
    {
    }

    public DiscordRestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordRestException(HttpStatusCode status, int code, string discordMessage, string route, JsonElement? errors = null)
        : base($"Discord answered {(int)status} to {route}: {discordMessage} (code {code}).")
    {
        Status = status;
        Code = code;
        DiscordMessage = discordMessage;
        Route = route;
        Errors = errors;
    }

    public HttpStatusCode Status { get; }

    /// <summary>Discord's JSON error code, e.g. 50013 Missing Permissions; 0 when the body had none.</summary>
    public int Code { get; }

    public string DiscordMessage { get; } = "";

    public string Route { get; } = "";

    /// <summary>Field-level validation errors (the <c>errors</c> object), when Discord sent them.</summary>
    public JsonElement? Errors { get; }
}

/// <summary>A call was rate limited and its <c>retry_after</c> was too long, or it was limited too many times.</summary>
public sealed class DiscordRateLimitedException : DiscordRestException
{
    public DiscordRateLimitedException()
    {
    }

    public DiscordRateLimitedException(string message)
        : base(message)
    {
    }

    public DiscordRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordRateLimitedException(string route, TimeSpan retryAfter, RateLimitScope scope, bool global)
        : base(HttpStatusCode.TooManyRequests, 0, $"rate limited ({scope}) for {retryAfter.TotalSeconds:0.###} s", route)
    {
        RetryAfter = retryAfter;
        Scope = scope;
        Global = global;
    }

    public TimeSpan RetryAfter { get; }

    public RateLimitScope Scope { get; }

    public bool Global { get; }
}

/// <summary>
/// The client refused to send: too many invalid requests (401/403/429) in the last 10 minutes, and
/// Discord bans the IP at 10,000.
/// </summary>
public sealed class InvalidRequestLimitException : Exception
{
    public InvalidRequestLimitException()
    {
    }

    public InvalidRequestLimitException(string message)
        : base(message)
    {
    }

    public InvalidRequestLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Discord's JSON error codes Cortex reacts to.</summary>
public static class DiscordErrorCodes
{
    public const int GeneralError = 0;
    public const int UnknownChannel = 10003;
    public const int UnknownGuild = 10004;
    public const int UnknownMember = 10007;
    public const int UnknownMessage = 10008;
    public const int UnknownUser = 10013;
    public const int UnknownBan = 10026;
    public const int UnknownWebhook = 10015;
    public const int UnknownInteraction = 10062;
    public const int Unauthorized = 40001;
    public const int InteractionAlreadyAcknowledged = 40060;
    public const int MissingAccess = 50001;
    public const int MissingPermissions = 50013;
    public const int InvalidFormBody = 50035;
    public const int CannotSendEmptyMessage = 50006;
}
