using System.Net.WebSockets;
using Cortex.Discord;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Emulator.Gateway;

/// <summary>The gateway WebSocket and the REST routes that hand out its URL.</summary>
internal static class GatewayEndpoints
{
    public const string GatewayPath = "/gateway";
    public const string ResumePath = "/gateway/resume";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map(GatewayPath, (HttpContext context, GatewayHub hub, ILoggerFactory logs) => AcceptAsync(context, hub, logs, viaResumeUrl: false));
        app.Map(ResumePath, (HttpContext context, GatewayHub hub, ILoggerFactory logs) => AcceptAsync(context, hub, logs, viaResumeUrl: true));

        var api = app.MapGroup("/api/v10").WithTags("Gateway");
        api.MapGet("/gateway", (HttpContext context) =>
            TypedResults.Json(new GatewayInfo(GatewayUrl(context.Request, GatewayPath)), EmulatorGatewayJsonContext.Default.GatewayInfo));
        api.MapGet("/gateway/bot", GetGatewayBot);
    }

    private static Results<JsonHttpResult<GatewayBotInfo>, JsonHttpResult<DiscordError>> GetGatewayBot(HttpContext context, GatewayHub hub)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bot ", StringComparison.Ordinal) || !hub.TokenMatches(header["Bot ".Length..]))
        {
            return TypedResults.Json(new DiscordError("401: Unauthorized", 0), EmulatorGatewayJsonContext.Default.DiscordError, statusCode: StatusCodes.Status401Unauthorized);
        }

        var (remaining, resetAfter) = hub.SessionStartLimit();
        return TypedResults.Json(
            new GatewayBotInfo(
                GatewayUrl(context.Request, GatewayPath),
                hub.Options.RecommendedShards,
                new SessionStartLimit(hub.Options.SessionStartLimit, remaining, (long)resetAfter.TotalMilliseconds, hub.Options.MaxConcurrency)),
            EmulatorGatewayJsonContext.Default.GatewayBotInfo);
    }

    private static async Task AcceptAsync(HttpContext context, GatewayHub hub, ILoggerFactory logs, bool viaResumeUrl)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The gateway speaks WebSocket.");
            return;
        }

        var query = context.Request.Query;
        var versionOk = !query.ContainsKey("v") || query["v"] == DiscordDefaults.ApiVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var encodingOk = GatewayEncodings.TryParse(query.ContainsKey("encoding") ? query["encoding"].ToString() : "json", out var encoding);
        var compressionOk = TransportCompressions.TryParse(query["compress"].ToString(), out var compression);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (!versionOk || !encodingOk || !compressionOk)
        {
            var code = versionOk ? GatewayCloseCode.DecodeError : GatewayCloseCode.InvalidApiVersion;
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, versionOk ? "Invalid encoding or compression." : "Invalid API version.", context.RequestAborted);
            return;
        }

        var connection = new GatewayClientConnection(
            hub, socket, encoding, compression, viaResumeUrl, GatewayUrl(context.Request, ResumePath), logs.CreateLogger<GatewayClientConnection>());
        hub.Register(connection);
        try
        {
            await connection.RunAsync(context.RequestAborted);
        }
        finally
        {
            hub.Unregister(connection);
        }
    }

    private static Uri GatewayUrl(HttpRequest request, string path) =>
        new($"{(request.IsHttps ? "wss" : "ws")}://{request.Host}{path}");
}

/// <summary>GET /gateway.</summary>
internal sealed record GatewayInfo(Uri Url);

/// <summary>GET /gateway/bot.</summary>
internal sealed record GatewayBotInfo(Uri Url, int Shards, SessionStartLimit SessionStartLimit);

/// <summary>The session start limit object.</summary>
internal sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);

/// <summary>Discord's error body.</summary>
internal sealed record DiscordError(string Message, int Code);
