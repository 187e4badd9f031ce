using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Cortex.ServiceDefaults.Input.Rejections;

/// <summary>
/// What a refusal by Kestrel means, said without anything from the request: Kestrel has already
/// closed its parse, so the rule is named by status (the reason Kestrel logs stays in the log).
/// </summary>
internal static class KestrelProblems
{
    public static byte[] Json(int status)
    {
        var (code, rule) = status switch
        {
            StatusCodes.Status400BadRequest => ("malformed-request",
                "the request line or a header could not be read: a NUL or control character in the path, query or a header, or a malformed request line or header"),
            StatusCodes.Status408RequestTimeout => ("request-headers-timeout", "the request headers did not arrive in time"),
            StatusCodes.Status413PayloadTooLarge => ("body-too-large", "the request body is larger than the server accepts"),
            StatusCodes.Status414UriTooLong => ("request-target-too-long", "the request target is longer than the server accepts"),
            StatusCodes.Status431RequestHeaderFieldsTooLarge => ("request-headers-too-large", "the request headers are larger than the server accepts"),
            _ => ("http-" + status, "the server could not accept the request"),
        };
        var problem = InputProblems.Create(status, ReasonPhrases.GetReasonPhrase(status), null, rule, code);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", problem.Type);
            json.WriteString("title", problem.Title);
            json.WriteNumber("status", status);
            json.WriteString("detail", problem.Detail);
            json.WriteString("code", code);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
