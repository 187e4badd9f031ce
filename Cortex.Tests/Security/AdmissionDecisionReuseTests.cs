using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.ServiceDefaults.Authentication;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Cortex.Tests.Security;

/// <summary>
/// A route that reads alongside the rate limit is authenticated and authorized once, by the admission ahead of the
/// limiter's script, whose decision the framework's authorization middleware takes instead of making it again. Each
/// route here has a twin without the read, which only the framework decides: every caller a stranger can be gets the
/// same answer from both, ProblemDetails included, and a decision never answers another endpoint, user or request.
/// </summary>
public sealed class AdmissionDecisionReuseTests : IAsyncLifetime
{
    private const string ReaderKey = "cortex-tests-reader-key-0123456789abcdef0";
    private const string WriterKey = "cortex-tests-writer-key-0123456789abcdef0";

    // Headers read by the test's own middleware between the rate limit (where the admission decides) and authorization.
    private const string RerouteHeader = "X-Test-Reroute";
    private const string NewUserHeader = "X-Test-New-User";

    private static readonly ReadAlongsideRateLimit<RedisValue> Probe = new(context =>
        context.RequestServices.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringGetAsync("probe"));

    private readonly CountingAuthorizationHandler _evaluations = new();
    private RedisServer _redis = null!;
    private SurfaceTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = await SurfaceTestHost.StartAsync(
            _redis,
            settings: new Dictionary<string, string?>
            {
                [$"{ApiKeyOptions.Section}:Keys:reader:Key"] = ReaderKey,
                [$"{ApiKeyOptions.Section}:Keys:reader:Scopes"] = CortexScopes.EconomyRead,
                [$"{ApiKeyOptions.Section}:Keys:writer:Key"] = WriterKey,
                [$"{ApiKeyOptions.Section}:Keys:writer:Scopes"] = CortexScopes.EconomyWrite,
                ["Cortex:RateLimiting:Routes:/api:Limit"] = "1000000",
                ["Cortex:RateLimiting:Routes:/api/limited:Limit"] = "1",
            },
            map: app =>
            {
                app.MapGet("/api/admitted/scoped", () => "read").WithMetadata(Probe).RequireAuthorization(CortexScopes.EconomyRead);
                app.MapGet("/api/framework/scoped", () => "read").RequireAuthorization(CortexScopes.EconomyRead);
                app.MapGet("/api/admitted/unmarked", () => "read").WithMetadata(Probe);
                app.MapGet("/api/framework/unmarked", () => "read");
                app.MapGet("/api/write", () => "written").RequireAuthorization(CortexScopes.EconomyWrite);
                app.MapGet("/api/refused-here", () => "read").WithMetadata(RefusedHere.Instance).RequireAuthorization(CortexScopes.EconomyRead);
                app.MapGet("/api/limited/admitted", () => "read").WithMetadata(Probe).RequireAuthorization(CortexScopes.EconomyRead);
            },
            services: services => services.AddSingleton<IAuthorizationHandler>(_evaluations).AddSingleton<IAuthorizationHandler, RefusedHereHandler>(),
            betweenDefenseAndSurfaces: app => app.Use(ChangeAfterAdmission));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Every_caller_gets_from_a_route_read_alongside_the_limit_exactly_the_frameworks_answer()
    {
        (string Caller, string? Authorization, HttpStatusCode Scoped, HttpStatusCode Unmarked)[] callers =
        [
            ("anonymous", null, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            ("forged key", "Bearer cortex-tests-forged-key-0123456789abcdef0", HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            ("not a bearer key", "Basic " + Convert.ToBase64String("tests:secret"u8), HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            ("the operator key cut short", "Bearer " + TestApiKey.Value[..^1], HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            ("metrics scope", "Bearer " + SurfaceTestHost.ScraperKey, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            ("a key for the write routes", "Bearer " + WriterKey, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            ("the read scope", "Bearer " + ReaderKey, HttpStatusCode.OK, HttpStatusCode.OK),
        ];

        using var http = SurfaceTestHost.Client(_host.Internal);
        foreach (var (caller, authorization, scoped, unmarked) in callers)
        {
            foreach (var (route, expected) in new[] { ("scoped", scoped), ("unmarked", unmarked) })
            {
                var admitted = await AnswerAsync(http, $"/api/admitted/{route}", authorization);
                var framework = await AnswerAsync(http, $"/api/framework/{route}", authorization);

                Assert.True(expected == admitted.Status, $"{caller} on the {route} route: {admitted.Status}, expected {expected}");
                Assert.Equal(framework, admitted);
            }
        }
    }

    [Fact]
    public async Task A_request_on_a_route_read_alongside_the_limit_is_authorized_once_whoever_calls()
    {
        using var http = SurfaceTestHost.Client(_host.Internal);
        foreach (var authorization in new[] { null, "Bearer " + ReaderKey, "Bearer " + WriterKey, "Bearer cortex-tests-forged-key-0123456789abcdef0" })
        {
            foreach (var path in new[] { "/api/admitted/scoped", "/api/admitted/unmarked" })
            {
                var before = _evaluations.Count;
                await AnswerAsync(http, path, authorization);
                Assert.True(_evaluations.Count - before == 1, $"{path} with {authorization ?? "no key"}: {_evaluations.Count - before} evaluations");
            }
        }
    }

    [Fact]
    public async Task A_decision_answers_only_the_endpoint_it_was_made_for()
    {
        using var http = SurfaceTestHost.Client(_host.Internal);
        // The read scope is admitted on the read route; routed on to another after that, the framework decides again:
        // on a route of another scope, and on one of the same scope whose handler refuses there (it reads the endpoint).
        var toWrite = await AnswerAsync(http, "/api/admitted/scoped", "Bearer " + ReaderKey, reroute: "/api/write");
        var toWriteFramework = await AnswerAsync(http, "/api/framework/scoped", "Bearer " + ReaderKey, reroute: "/api/write");
        var toRefusing = await AnswerAsync(http, "/api/admitted/scoped", "Bearer " + ReaderKey, reroute: "/api/refused-here");
        var toRefusingFramework = await AnswerAsync(http, "/api/framework/scoped", "Bearer " + ReaderKey, reroute: "/api/refused-here");
        // And the other way: a key refused on the read route is not refused on the write route it holds the scope of.
        var writer = await AnswerAsync(http, "/api/admitted/scoped", "Bearer " + WriterKey, reroute: "/api/write");

        Assert.Equal(HttpStatusCode.Forbidden, toWrite.Status);
        Assert.Contains("economy.write", toWrite.Body, StringComparison.Ordinal);
        Assert.Equal(toWriteFramework, toWrite);
        Assert.Equal(HttpStatusCode.Forbidden, toRefusing.Status);
        Assert.Equal(toRefusingFramework, toRefusing);
        Assert.Equal((HttpStatusCode.OK, "text/plain", "", "written"), (writer.Status, writer.ContentType, writer.Challenge, writer.Body));
    }

    [Fact]
    public async Task A_decision_is_made_again_by_the_framework_when_the_user_changed_after_the_admission()
    {
        using var http = SurfaceTestHost.Client(_host.Internal);
        var before = _evaluations.Count;
        var changed = await AnswerAsync(http, "/api/admitted/scoped", authorization: null, newUser: true);
        var evaluations = _evaluations.Count - before;

        Assert.Equal(await AnswerAsync(http, "/api/framework/scoped", authorization: null), changed);
        Assert.Equal(2, evaluations);
    }

    [Fact]
    public async Task Callers_taking_turns_on_one_kept_alive_connection_each_get_their_own_answer()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
        using var http = new HttpClient(handler) { BaseAddress = _host.Internal, Timeout = TimeSpan.FromSeconds(30) };
        (string? Authorization, HttpStatusCode Expected)[] turns =
        [
            ("Bearer " + ReaderKey, HttpStatusCode.OK),
            (null, HttpStatusCode.Unauthorized),
            ("Bearer " + WriterKey, HttpStatusCode.Forbidden),
            ("Bearer " + TestApiKey.Value, HttpStatusCode.OK),
            ("Bearer cortex-tests-forged-key-0123456789abcdef0", HttpStatusCode.Unauthorized),
            ("Bearer " + SurfaceTestHost.ScraperKey, HttpStatusCode.Forbidden),
        ];

        for (var round = 0; round < 5; round++)
        {
            foreach (var (authorization, expected) in turns)
            {
                Assert.Equal(expected, (await AnswerAsync(http, "/api/admitted/scoped", authorization)).Status);
            }
        }
    }

    [Fact]
    public async Task A_rate_limited_caller_is_refused_by_the_limit_before_any_key_is_looked_at()
    {
        using var http = SurfaceTestHost.Client(_host.Internal);
        var first = await AnswerAsync(http, "/api/limited/admitted", "Bearer " + ReaderKey);
        var before = _evaluations.Count;
        var reader = await AnswerAsync(http, "/api/limited/admitted", "Bearer " + ReaderKey);
        var anonymous = await AnswerAsync(http, "/api/limited/admitted", authorization: null);
        var writer = await AnswerAsync(http, "/api/limited/admitted", "Bearer " + WriterKey);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        foreach (var limited in new[] { reader, anonymous, writer })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
            Assert.Equal(RateLimitMiddleware.ProblemTypeBase + "rate-limited", JsonNode.Parse(limited.Body)!["type"]!.GetValue<string>());
            Assert.Equal("", limited.Challenge);
        }

        // The admission decided each of them (its decision went unused); the framework decided none.
        Assert.Equal(3, _evaluations.Count - before);
    }

    /// <summary>The answer as a stranger sees it: status, challenge, content type and body (the ProblemDetails' trace id left out: it is per request).</summary>
    private static async Task<Answer> AnswerAsync(
        HttpClient http, string path, string? authorization, string? reroute = null, bool newUser = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (reroute is not null)
        {
            request.Headers.Add(RerouteHeader, reroute);
        }

        if (newUser)
        {
            request.Headers.Add(NewUserHeader, "yes");
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType == "application/problem+json" && JsonNode.Parse(body) is JsonObject problem)
        {
            problem.Remove("traceId");
            body = problem.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        }

        return new Answer(response.StatusCode, mediaType, response.Headers.WwwAuthenticate.ToString(), body);
    }

    // What a reroute after the rate limit (an error page's re-execution, a rewrite) or a middleware setting the user would do.
    private static Task ChangeAfterAdmission(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers[RerouteHeader] is [{ } pattern])
        {
            context.SetEndpoint(context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>().Single(endpoint => endpoint.RoutePattern.RawText == pattern));
        }

        if (context.Request.Headers.ContainsKey(NewUserHeader))
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }

        return next(context);
    }

    private sealed class RefusedHere
    {
        public static readonly RefusedHere Instance = new();
    }

    /// <summary>A resource-based rule: it refuses every caller on an endpoint marked <see cref="RefusedHere"/>.</summary>
    private sealed class RefusedHereHandler : IAuthorizationHandler
    {
        public Task HandleAsync(AuthorizationHandlerContext context)
        {
            if (context.Resource is HttpContext http && http.GetEndpoint()?.Metadata.GetMetadata<RefusedHere>() is not null)
            {
                context.Fail();
            }

            return Task.CompletedTask;
        }
    }

    private sealed record Answer(HttpStatusCode Status, string ContentType, string Challenge, string Body);

    /// <summary>Counts every authorization the service evaluates (each runs every handler once); it decides nothing.</summary>
    private sealed class CountingAuthorizationHandler : IAuthorizationHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task HandleAsync(AuthorizationHandlerContext context)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
