using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Delivery;

/// <summary>
/// A local stand-in for the parts of Pterodactyl's client API the deploy script uses, plus the
/// bot's /health, which answers 200 only while the running tag is one the test calls healthy.
/// </summary>
internal sealed class PanelStandIn : IAsyncDisposable
{
    public const string ApiKey = "ptlc_test_key_do_not_log";
    public const string ServerId = "abc123";

    private readonly WebApplication _app;

    private PanelStandIn(WebApplication app) => _app = app;

    public string RunningTag { get; private set; } = "";

    public string ConfiguredTag { get; private set; } = "";

    public ConcurrentQueue<string> Calls { get; } = new();

    public HashSet<string> HealthyTags { get; } = [];

    public string BaseUrl => _app.Urls.First();

    public static async Task<PanelStandIn> StartAsync(string initialTag)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ListenOnLoopback();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var panel = new PanelStandIn(app) { RunningTag = initialTag, ConfiguredTag = initialTag };

        var server = app.MapGroup($"/api/client/servers/{ServerId}").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            panel.Calls.Enqueue($"{http.Request.Method} {http.Request.Path.Value![$"/api/client/servers/{ServerId}".Length..]}");
            return http.Request.Headers.Authorization == $"Bearer {ApiKey}" ? await next(context) : Results.Unauthorized();
        });
        server.MapGet("/startup", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(
                Variable("SERVER_MEMORY", "1024"),
                Variable("IMAGE_TAG", panel.ConfiguredTag)),
        }));
        server.MapPut("/startup/variable", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!;
            if ((string?)body["key"] != "IMAGE_TAG")
            {
                return Results.UnprocessableEntity();
            }

            panel.ConfiguredTag = (string)body["value"]!;
            return Results.Json(Variable("IMAGE_TAG", panel.ConfiguredTag));
        });
        server.MapPost("/power", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!;
            if ((string?)body["signal"] != "restart")
            {
                return Results.UnprocessableEntity();
            }

            panel.RunningTag = panel.ConfiguredTag;
            return Results.NoContent();
        });
        app.MapGet("/health", () => panel.HealthyTags.Contains(panel.RunningTag)
            ? Results.Text("Healthy")
            : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));

        await app.StartAsync();
        return panel;
    }

    private static JsonObject Variable(string name, string value) => new()
    {
        ["object"] = "egg_variable",
        ["attributes"] = new JsonObject { ["env_variable"] = name, ["server_value"] = value },
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
