using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Cortex.Discord.Models;
using Cortex.Emulator.Errors;

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

    /// <summary>For 50035: the nested per-field errors, as Discord sends them.</summary>
    public JsonElement? Errors { get; private init; }

    public IResult ToResult() => TypedResults.Json(new DiscordErrorBody { Code = Code, Message = Message, Errors = Errors },
        DiscordJsonContext.Default.DiscordErrorBody, statusCode: Status);

    /// <summary>The control API's form: ProblemDetails, with Discord's code and errors as extensions.</summary>
    public ProblemHttpResult ToProblem()
    {
        var extensions = new Dictionary<string, object?> { ["code"] = Code };
        if (Errors is { } errors)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail: Message, statusCode: Status, title: Status >= 500 ? "Upstream failure" : "Refused", extensions: extensions);
    }

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
    /// <summary>50035 for <paramref name="detail"/> written <c>field.path: Why.</c>: Discord's message, the reason under the field in <c>errors</c>.</summary>
    public static RestException InvalidFormBody(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var colon = detail.IndexOf(": ", StringComparison.Ordinal);
        var (path, reason) = colon > 0 && !detail[..colon].Contains(' ', StringComparison.Ordinal) ? (detail[..colon], detail[(colon + 2)..]) : ("", detail);
        return new(400, DiscordErrors.InvalidFormBody, "Invalid Form Body")
        {
            Errors = DiscordErrors.FieldErrors([(path, "BASE_TYPE_INVALID", reason)]),
        };
    }
}
