using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// What a request the framework could not bind gets told: the parameter or field and the rule,
/// never the framework's own message (it names .NET types and echoes the value sent).
/// </summary>
public static partial class BadRequestErrors
{
    public static (int Status, string Title, string? Field, string Rule) Describe(BadHttpRequestException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.InnerException is JsonException json)
        {
            var (field, rule) = JsonInputErrors.Describe(json);
            return (StatusCodes.Status400BadRequest, "Invalid JSON body", field, rule);
        }

        var message = error.Message;
        var parameter = ParameterName().Match(message) is { Success: true } m ? m.Groups[1].Value : null;
        return error.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => (error.StatusCode, "Request body too large", null, "the body is larger than this route accepts"),
            StatusCodes.Status415UnsupportedMediaType => (error.StatusCode, "Unsupported media type", "Content-Type", "must be application/json for this route"),
            StatusCodes.Status408RequestTimeout => (error.StatusCode, "Request timed out", null, "the body arrived too slowly"),
            _ when message.StartsWith("Required parameter", StringComparison.Ordinal) || message.Contains("no body was provided", StringComparison.Ordinal) =>
                (StatusCodes.Status400BadRequest, "Missing value", parameter, "is required"),
            _ when message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) =>
                (StatusCodes.Status400BadRequest, "Invalid value", parameter, "is not a valid value of the documented type"),
            _ when message.Contains("form", StringComparison.OrdinalIgnoreCase) =>
                (StatusCodes.Status400BadRequest, "Invalid form body", null, "the form body is malformed"),
            _ => (error.StatusCode is >= 400 and < 500 ? error.StatusCode : StatusCodes.Status400BadRequest, "Bad request", null, "the request is malformed"),
        };
    }

    // `Failed to bind parameter "long guildId" from "abc".`: the last word inside the first quotes.
    [GeneratedRegex("^[^\"]*\"(?:[^\"]*\\s)?([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
