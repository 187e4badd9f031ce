using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;

namespace Cortex.Discord.Rest;

/// <summary>
/// A file to attach to a message, an interaction response or a follow-up. It travels as a
/// <c>files[n]</c> part of a <c>multipart/form-data</c> body; the JSON goes in <c>payload_json</c>, its
/// <c>attachments</c> naming each file by placeholder id <c>n</c> (Discord's "Uploading Files").
/// Embeds may show it as <c>attachment://{FileName}</c>.
/// </summary>
public sealed record FileUpload(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream")
{
    /// <summary>Alt text, shown to screen readers (up to 1024 characters).</summary>
    public string? Description { get; init; }

    /// <summary>The attachment entries of <paramref name="files"/>, placeholder ids 0…n-1, after <paramref name="kept"/>.</summary>
    internal static IReadOnlyList<Attachment> Placeholders(IReadOnlyList<Attachment>? kept, IReadOnlyList<FileUpload> files) =>
        [.. kept ?? [], .. files.Select((file, index) => new Attachment { Id = (ulong)index, Filename = file.FileName, Description = file.Description })];

    /// <summary>A fresh multipart body on every call (a request retried after a 429 is sent anew).</summary>
    internal static Func<HttpContent> Multipart<T>(T payload, JsonTypeInfo<T> type, IReadOnlyList<FileUpload> files) => () =>
    {
        var form = new MultipartFormDataContent();
        form.Add(JsonContent.Create(payload, type, new MediaTypeHeaderValue("application/json")), "payload_json");
        for (var i = 0; i < files.Count; i++)
        {
            var part = new ReadOnlyMemoryContent(files[i].Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].ContentType);
            form.Add(part, $"files[{i}]", files[i].FileName);
        }

        return form;
    };
}
