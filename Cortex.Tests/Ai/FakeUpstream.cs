using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Ai.Tokens;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Ai;

/// <summary>
/// A real HTTP server standing in for the two external APIs the AI worker calls, until the
/// emulator's OpenAI endpoint and Discord REST land on main: an OpenAI-compatible
/// <c>/v1/chat/completions</c> and <c>/v1/moderations</c> with usage counted by o200k_base, and the
/// Discord REST routes the worker uses, recording every request.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const ulong BotUserId = 900;
    public const string GuildName = "Test Guild";
    private static readonly ITokenizer Tokenizer = new Cortex.Ai.Tokens.Tokenizers().ForModel("gpt-4o-mini");
    private readonly WebApplication _app;
    private int _chatCalls;

    private FakeUpstream(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri OpenAiEndpoint => new(BaseAddress, "v1");

    public Uri DiscordRestBase => new(BaseAddress, "api/v10/");

    /// <summary>Every request the worker made to Discord: method, path and JSON body.</summary>
    public ConcurrentQueue<RecordedRequest> Discord { get; } = new();

    /// <summary>Every chat completion request body.</summary>
    public ConcurrentQueue<JsonNode> ChatRequests { get; } = new();

    public int ChatCalls => Volatile.Read(ref _chatCalls);

    /// <summary>When set, answers a chat call instead of the default: (call number, body) → response, or null for the default.</summary>
    public Func<int, JsonNode, IResult?>? ChatOverride { get; set; }

    /// <summary>What a JSON-mode (extraction) call returns as facts, from the user turn's JSON.</summary>
    public Func<JsonNode, IEnumerable<string>> ExtractFacts { get; set; } = _ => [];

    /// <summary>Inputs moderation flags.</summary>
    public Func<string, bool> Flag { get; set; } = text => text.Contains("kill", StringComparison.OrdinalIgnoreCase);

    public TimeSpan ChatDelay { get; set; }

    /// <summary>Interaction ids whose callback is refused as already acknowledged (an earlier delivery deferred them).</summary>
    public ConcurrentDictionary<string, bool> AlreadyAcknowledged { get; } = new();

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ListenOnLoopback();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        fake.Map(app);
        fake.BaseAddress = await app.StartOnLoopbackAsync();
        return fake;
    }

    public IReadOnlyList<RecordedRequest> DiscordPosts(string pathContains) =>
        [.. Discord.Where(r => r.Method == "POST" && r.Path.Contains(pathContains, StringComparison.Ordinal))];

    public async Task<RecordedRequest> WaitForDiscordPostAsync(string pathContains, int count = 1, TimeSpan? timeout = null)
    {
        // 60 s: a harness's first request pays the tokenizer's and the model client's cold start, which
        // took over 20 s while the whole-app fixture was starting on a 2-core machine. A pass returns early.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var posts = DiscordPosts(pathContains);
            if (posts.Count >= count)
            {
                return posts[count - 1];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No POST {pathContains} #{count} within the timeout; saw: {string.Join(", ", Discord.Select(r => r.Path))}");
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!;
            var call = Interlocked.Increment(ref _chatCalls);
            ChatRequests.Enqueue(body);
            if (ChatDelay > TimeSpan.Zero)
            {
                await Task.Delay(ChatDelay);
            }

            if (ChatOverride?.Invoke(call, body) is { } overridden)
            {
                return overridden;
            }

            var messages = body["messages"]!.AsArray();
            var jsonMode = body["response_format"]?["type"]?.GetValue<string>() == "json_object";
            var content = jsonMode
                ? new JsonObject { ["facts"] = new JsonArray([.. ExtractFacts(JsonNode.Parse(messages[^1]!["content"]!.GetValue<string>())!).Select(f => (JsonNode)f!)]) }.ToJsonString()
                : "Answer to: " + messages[^1]!["content"]!.GetValue<string>();
            var prompt = 3 + messages.Sum(m => ChatTokens.Message(Tokenizer, m!["role"]!.GetValue<string>(), m["content"]!.GetValue<string>()));
            var completion = Tokenizer.CountTokens(content);
            return Results.Json(new JsonObject
            {
                ["id"] = "chatcmpl-" + call,
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = body["model"]!.GetValue<string>(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion },
            });
        });

        app.MapPost("/v1/moderations", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!;
            var input = body["input"] is JsonArray array ? string.Join(' ', array.Select(i => i!.GetValue<string>())) : body["input"]!.GetValue<string>();
            var flagged = Flag(input);
            return Results.Json(new JsonObject
            {
                ["id"] = "modr-1",
                ["model"] = "omni-moderation-latest",
                ["results"] = new JsonArray(new JsonObject
                {
                    ["flagged"] = flagged,
                    ["categories"] = new JsonObject { ["violence"] = flagged },
                    ["category_scores"] = new JsonObject { ["violence"] = flagged ? 0.95 : 0.01 },
                }),
            });
        });

        app.MapGet("/api/v10/users/@me", () => Results.Json(new JsonObject { ["id"] = BotUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["username"] = "Cortex", ["bot"] = true }));
        app.MapGet("/api/v10/oauth2/applications/@me", () => Results.Json(new JsonObject { ["id"] = "777", ["name"] = "Cortex" }));
        app.MapGet("/api/v10/guilds/{id}", (string id) => Results.Json(new JsonObject { ["id"] = id, ["name"] = GuildName }));
        app.MapPost("/api/v10/{**path}", async (HttpRequest request, string path) =>
        {
            var body = request.ContentLength is > 0 || request.Headers.ContentType.Count > 0 ? await JsonNode.ParseAsync(request.Body) : null;
            Discord.Enqueue(new RecordedRequest("POST", path, body, request.Headers.Authorization.ToString()));
            if (path.EndsWith("/callback", StringComparison.Ordinal) && AlreadyAcknowledged.ContainsKey(path.Split('/')[1]))
            {
                return Results.Json(new JsonObject { ["message"] = "Interaction has already been acknowledged.", ["code"] = 40060 }, statusCode: 400);
            }

            return path.EndsWith("/callback", StringComparison.Ordinal)
                ? Results.StatusCode((int)HttpStatusCode.NoContent)
                : Results.Json(new JsonObject
                {
                    // A created message, as Discord answers (the shared REST client reads it).
                    ["id"] = "1",
                    ["channel_id"] = "1",
                    ["author"] = new JsonObject { ["id"] = BotUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["username"] = "Cortex", ["bot"] = true },
                    ["content"] = body?["content"]?.GetValue<string>() ?? "",
                });
        });
    }

    public static IResult Status(int status, string? retryAfter = null) => new StatusWithHeader(status, retryAfter);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class StatusWithHeader(int status, string? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                httpContext.Response.Headers.RetryAfter = retryAfter;
            }

            return httpContext.Response.WriteAsJsonAsync(new { error = new { message = "fake failure", type = "server_error" } });
        }
    }
}

public sealed record RecordedRequest(string Method, string Path, JsonNode? Body, string Authorization)
{
    public string Content => Body?["content"]?.GetValue<string>() ?? Body?["data"]?["content"]?.GetValue<string>() ?? "";
}
