using Cortex.Discord.Models;

namespace Cortex.Emulator.Rest;

/// <summary>A refusal in Discord's words: HTTP status, JSON error code and message.</summary>
public sealed class RestException : Exception
{
    public RestException()
    {
    }

    public RestException(string message)
        : base(message)
    {
    }

    public RestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RestException(int status, int code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; } = StatusCodes.Status400BadRequest;

    public int Code { get; }

    public IResult ToResult() => TypedResults.Json(new DiscordErrorBody { Code = Code, Message = Message },
        DiscordJsonContext.Default.DiscordErrorBody, statusCode: Status);

    public static RestException UnknownChannel() => new(404, 10003, "Unknown Channel");
    public static RestException UnknownGuild() => new(404, 10004, "Unknown Guild");
    public static RestException UnknownMember() => new(404, 10007, "Unknown Member");
    public static RestException UnknownMessage() => new(404, 10008, "Unknown Message");
    public static RestException UnknownUser() => new(404, 10013, "Unknown User");
    public static RestException UnknownWebhook() => new(404, 10015, "Unknown Webhook");
    public static RestException UnknownBan() => new(404, 10026, "Unknown Ban");
    public static RestException UnknownInteraction() => new(404, 10062, "Unknown interaction");
    public static RestException AlreadyAcknowledged() => new(400, 40060, "Interaction has already been acknowledged.");
    public static RestException MissingPermissions() => new(403, 50013, "Missing Permissions");
    public static RestException EmptyMessage() => new(400, 50006, "Cannot send an empty message");
    public static RestException InvalidFormBody(string detail) => new(400, 50035, "Invalid Form Body: " + detail);
}
