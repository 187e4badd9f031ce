using System.Net;
using Cortex.ServiceDefaults.Hardening;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Cortex.Tests.Defense;

/// <summary>The shared defense (headers, rate limit, body size, timeout) on routes of a test host.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class HttpDefenseTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task A_declared_body_over_the_service_limit_is_refused_with_413_before_the_endpoint_runs()
    {
        var reached = 0;
        await using var host = await StartAsync(app => app.MapPost("/api/upload", (HttpRequest _) => Interlocked.Increment(ref reached)), new()
        {
            ["Cortex:Http:MaxRequestBodyBytes"] = "2048",
        });
        using var http = host.CreateClient();

        using var small = await http.PostAsync("/api/upload", new ByteArrayContent(new byte[2048]));
        using var large = await http.PostAsync("/api/upload", new ByteArrayContent(new byte[2049]));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, reached);
    }

    [Fact]
    public async Task An_endpoint_limit_applies_to_chunked_bodies_too()
    {
        await using var host = await StartAsync(app => app.MapPost("/api/small", async (HttpRequest request) =>
        {
            using var sink = new MemoryStream();
            await request.Body.CopyToAsync(sink);
            return sink.Length;
        }).WithRequestBodyLimit(100));
        using var http = host.CreateClient();

        using var declared = await http.PostAsync("/api/small", new ByteArrayContent(new byte[101]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);

        // A chunked body declares no length: the server stops reading at the limit and answers 413,
        // but a client still writing may see the connection end before it reads that answer. Either
        // way the request is refused; what must never happen is the handler accepting it.
        try
        {
            using var chunked = await http.PostAsync("/api/small", new StreamContent(new MemoryStream(new byte[5000])));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        }
        catch (HttpRequestException refused) when (refused.InnerException is HttpIOException)
        {
        }

        using var fits = await http.PostAsync("/api/small", new StreamContent(new MemoryStream(new byte[100])));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Fact]
    public async Task A_request_that_outlives_the_timeout_is_cancelled_and_answered_504()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(app => app.MapGet("/api/slow", async (HttpContext context) =>
        {
            using var registration = context.RequestAborted.Register(cancelled.SetResult);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return "finished";
        }), new()
        {
            ["Cortex:Http:RequestTimeout"] = "00:00:00.500",
        });
        using var http = host.CreateClient();

        var started = TimeProvider.System.GetTimestamp();
        using var response = await http.GetAsync("/api/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_a_page_keeps_its_own_policy()
    {
        await using var host = await StartAsync(app =>
        {
            app.MapGet("/api/data", () => TypedResults.Ok(new { value = 1 }));
            app.MapGet("/page", (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'sha256-abc'; frame-ancestors 'none'";
                return TypedResults.Content("<!doctype html><p>hi</p>", "text/html");
            });
        });
        using var http = host.CreateClient();

        using var data = await http.GetAsync("/api/data");
        using var page = await http.GetAsync("/page");
        using var missing = await http.GetAsync("/nothing-here");

        foreach (var response in new[] { data, page, missing })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        Assert.StartsWith("default-src 'none'; frame-ancestors", data.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("style-src 'sha256-abc'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_table_limits_each_route_by_its_own_prefix_and_everything_else_by_the_catch_all()
    {
        await using var host = await StartAsync(app =>
        {
            app.MapGet("/verify", () => "page");
            app.MapGet("/other", () => "other");
            app.MapPost("/interactions", () => "signed").DisableRateLimiting();
        }, new()
        {
            ["Cortex:RateLimiting:Routes:/:Limit"] = "3",
        });
        using var http = host.CreateClient();

        var verify = await StatusesAsync(http, "/verify", 6);
        var other = await StatusesAsync(http, "/other", 4);
        var health = await StatusesAsync(http, "/health", 10);
        var interactions = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await http.PostAsync("/interactions", null);
            interactions.Add(response.StatusCode);
            Assert.False(response.Headers.Contains(RateLimitMiddleware.RemainingHeader));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], verify);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 3), HttpStatusCode.TooManyRequests], other);
        Assert.All(health, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(interactions, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task A_read_the_endpoint_names_starts_with_the_rate_limit_and_is_handed_to_the_endpoint_only_when_allowed()
    {
        var (started, reached) = (0, 0);
        var early = new ReadAlongsideRateLimit<string>(_ =>
        {
            Interlocked.Increment(ref started);
            return Task.FromResult("read alongside the limit");
        });
        // Two parameters, so the minimal API binds it as a handler whose string is the body (not as a RequestDelegate).
        async Task<string> Endpoint(HttpContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reached);
            return early.Take(context) is { } read ? await read.WaitAsync(cancellationToken) : "read by the endpoint";
        }

        await using var host = await StartAsync(app =>
        {
            app.MapGet("/api/balance", Endpoint).WithMetadata(early);
            app.MapGet("/api/unlimited", Endpoint).WithMetadata(early).DisableRateLimiting();
        }, new()
        {
            ["Cortex:RateLimiting:Routes:/api:Limit"] = "2",
        });
        using var http = host.CreateClient();

        var answers = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add(await http.GetStringAsync("/api/balance"));
        }

        using var refused = await http.GetAsync("/api/balance");
        var unlimited = await http.GetStringAsync("/api/unlimited");

        Assert.All(answers, answer => Assert.Equal("read alongside the limit", answer));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // The refused request's read was started with the limiter's script (it only reads) but never reached an endpoint.
        Assert.Equal(3, started);
        Assert.Equal("read by the endpoint", unlimited);
        Assert.Equal(3, reached);
    }

    private async Task<DefenseTestHost> StartAsync(Action<WebApplication> map, Dictionary<string, string?>? settings = null) =>
        await DefenseTestHost.StartAsync(await fixture.ConnectionStringAsync("redis"), map, settings);

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient http, string path, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await http.GetAsync(path);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
