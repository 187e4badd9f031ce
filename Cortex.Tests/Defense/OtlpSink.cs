using System.Collections.Concurrent;
using System.IO.Compression;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Defense;

/// <summary>
/// An OTLP/HTTP receiver that keeps every export it is sent (traces, logs, metrics) as raw bytes.
/// Protobuf stores strings as plain UTF-8, so a secret in any attribute, log body or resource
/// attribute shows up as its bytes without decoding the messages. Each export is tagged with the
/// resource that sent it, from the <see cref="ResourceHeader"/> header its exporter is told to add.
/// </summary>
internal sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpSink(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public const string ResourceHeader = "x-cortex-resource";

    public Uri Address { get; }

    public ConcurrentQueue<(string Signal, byte[] Body, string Resource)> Exports { get; } = new();

    public static async Task<OtlpSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ListenOnLoopback();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OtlpSink? sink = null;
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            var body = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(request.Body, CompressionMode.Decompress)
                : request.Body;
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer);
            sink!.Exports.Enqueue((signal, buffer.ToArray(), request.Headers[ResourceHeader].ToString()));
            return Results.Ok();
        });
        sink = new OtlpSink(app, await app.StartOnLoopbackAsync());
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
