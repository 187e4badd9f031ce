using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.OpenAi;
using Microsoft.AspNetCore.WebUtilities;

namespace Cortex.Emulator.Errors;

/// <summary>
/// Errors the shared error contract raises (unmatched routes, 405s, malformed path ids, exceptions)
/// answered the way the emulated service would: Discord's error body under <c>/api</c>, OpenAI's
/// under <c>/v1</c>. The control API and the chat page keep RFC 9457 ProblemDetails.
/// </summary>
public sealed class EmulatorErrorWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.HttpContext.Request.Path;
        return path.StartsWithSegments("/api") || path.StartsWithSegments("/v1");
    }

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var fields = context.ProblemDetails.Extensions.TryGetValue("errors", out var value) && value is IDictionary<string, string[]> errors
            ? errors.SelectMany(e => e.Value.Select(rule => (Field: e.Key, Rule: rule))).ToList()
            : [];
        if (http.Request.Path.StartsWithSegments("/v1"))
        {
            var message = fields.Count > 0 ? $"{fields[0].Field}: {fields[0].Rule}" : context.ProblemDetails.Title ?? ReasonPhrases.GetReasonPhrase(status);
            return new ValueTask(OpenAiErrors.Result(status, message, status >= 500 ? "server_error" : "invalid_request_error", null, fields.FirstOrDefault().Field).ExecuteAsync(http));
        }

        var body = fields.Count > 0
            ? new DiscordErrorBody
            {
                Code = DiscordErrors.InvalidFormBody,
                Message = "Invalid Form Body",
                Errors = DiscordErrors.FieldErrors(fields.Select(f => (DiscordErrors.FieldPath(f.Field), f.Field.EndsWith("Id", StringComparison.Ordinal) ? "NUMBER_TYPE_COERCE" : "BASE_TYPE_INVALID", Sentence(f.Rule)))),
            }
            : new DiscordErrorBody { Code = 0, Message = $"{status}: {ReasonPhrases.GetReasonPhrase(status)}" };
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return new ValueTask(JsonSerializer.SerializeAsync(http.Response.Body, body, DiscordJsonContext.Default.DiscordErrorBody, http.RequestAborted));
    }

    private static string Sentence(string rule) => rule.EndsWith("snowflake", StringComparison.Ordinal) || rule.Contains("snowflake", StringComparison.Ordinal)
        ? "Value is not snowflake."
        : char.ToUpperInvariant(rule[0]) + rule[1..] + ".";
}
