using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Cortex.Emulator.Rest;

/// <summary>
/// Reads a message body the way Discord takes it: JSON, or <c>multipart/form-data</c> with the JSON in
/// <c>payload_json</c> (or a plain <c>content</c> field) and files as <c>files[n]</c> parts, each with a
/// filename. A file over <c>Emulator:Rest:MaxUploadBytes</c> is 413 / 40005; more than 10 files, a part
/// named otherwise, or a malformed body is 50035.
/// </summary>
public static partial class MessageBodyReader
{
    public const int MaxFiles = 10;
    private const int MaxFieldBytes = 1024 * 1024;

    public static async Task<(T Body, MessageUploads? Uploads)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.HasFormContentType || !http.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return (await RestEndpoints.ReadAsync(http, type), null);
        }

        var limit = http.RequestServices.GetRequiredService<IOptions<RestEmulatorOptions>>().Value.MaxUploadBytes;
        try
        {
            return await ReadMultipartAsync(http, type, limit);
        }
        catch (Exception error) when (error is IOException or InvalidDataException && error is not BadHttpRequestException)
        {
            throw RestException.InvalidFormBody("Malformed multipart/form-data body.");
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
    }

    private static async Task<(T Body, MessageUploads? Uploads)> ReadMultipartAsync<T>(HttpContext http, JsonTypeInfo<T> type, long limit)
    {
        var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) ? HeaderUtilities.RemoveQuotes(media.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            throw RestException.InvalidFormBody("multipart/form-data needs a boundary.");
        }

        var reader = new MultipartReader(boundary, http.Request.Body);
        var files = new List<UploadedFile>();
        string? json = null;
        string? content = null;
        for (var section = await reader.ReadNextSectionAsync(http.RequestAborted); section is not null; section = await reader.ReadNextSectionAsync(http.RequestAborted))
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || StringSegment.IsNullOrEmpty(disposition.Name))
            {
                throw RestException.InvalidFormBody("Every part needs Content-Disposition: form-data with a name.");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (FilePart().Match(name) is { Success: true } match)
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var index = int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                if (string.IsNullOrEmpty(fileName) || files.Any(f => f.Index == index) || files.Count == MaxFiles)
                {
                    throw RestException.InvalidFormBody(files.Count == MaxFiles ? $"files: Must be {MaxFiles} or fewer in length."
                        : $"files.{index}: Each files[n] part needs a filename and a unique n.");
                }

                files.Add(new UploadedFile(index, fileName, section.ContentType ?? "application/octet-stream", await ReadLimitedAsync(section.Body, limit, TooLarge, http.RequestAborted)));
            }
            else if (name is "payload_json" or "content")
            {
                var text = Encoding.UTF8.GetString(await ReadLimitedAsync(section.Body, MaxFieldBytes, () => RestException.InvalidFormBody($"{name}: Too long."), http.RequestAborted));
                (json, content) = name == "payload_json" ? (text, content) : (json, text);
            }
            else
            {
                throw RestException.InvalidFormBody($"{name}: Unknown form field; send files as files[n] and the rest in payload_json.");
            }
        }

        json ??= JsonSerializer.Serialize(new Dictionary<string, string?> { ["content"] = content }, RestRouteJsonContext.Default.DictionaryStringString);
        T body;
        try
        {
            body = JsonSerializer.Deserialize(json, type) ?? throw new JsonException();
        }
        catch (JsonException error)
        {
            throw error.Path is null or "$"
                ? new RestException(StatusCodes.Status400BadRequest, 50109, "The request body contains invalid JSON.")
                : RestException.InvalidFormBody(error.Path.TrimStart('$', '.') + ": invalid value");
        }

        var baseAddress = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
        Bodies.RequestBodyLimits.Enforce(body, type);
        return (body, new MessageUploads(files, baseAddress));
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, long limit, Func<RestException> tooLarge, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int read; (read = await body.ReadAsync(chunk, cancellationToken)) > 0;)
        {
            if (buffer.Length + read > limit)
            {
                throw tooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static RestException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, 40005, "Request entity too large");

    [GeneratedRegex(@"^files\[([0-9]{1,3})\]$")]
    private static partial Regex FilePart();
}
