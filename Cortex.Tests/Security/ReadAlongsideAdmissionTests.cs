using System.Net;
using Cortex.ServiceDefaults.Authentication;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Cortex.Tests.Security;

/// <summary>
/// A read an endpoint names to go out with the rate limiter's script (<see cref="ReadAlongsideRateLimit"/>) starts
/// only for a caller the surface, the API key and the route's scope let through: anyone else costs the limiter's
/// script and no read, counted on a Redis server of the test's own.
/// </summary>
public sealed class ReadAlongsideAdmissionTests : IAsyncLifetime
{
    private const string ProbeKey = "probe";

    private static readonly ReadAlongsideRateLimit<RedisValue> Probe = new(context =>
        context.RequestServices.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringGetAsync(ProbeKey));

    private RedisServer _redis = null!;
    private SurfaceTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        await _redis.Database.StringSetAsync(ProbeKey, "read alongside the limit");
        _host = await SurfaceTestHost.StartAsync(_redis, map: app => app.MapGet("/api/probe", ReadAsync)
            .WithMetadata(Probe)
            .RequireAuthorization(CortexScopes.EconomyRead));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task An_anonymous_unknown_unscoped_or_wrong_port_caller_is_rate_limited_and_costs_no_read()
    {
        using var operatorClient = SurfaceTestHost.Client(_host.Internal, TestApiKey.Value);
        // The first request connects the host's Redis client (its handshake reads too); only what follows is counted.
        using var warmUp = await operatorClient.GetAsync("/api/probe");
        (HttpClient Client, HttpStatusCode Expected)[] refused =
        [
            (SurfaceTestHost.Client(_host.Internal), HttpStatusCode.Unauthorized),
            (SurfaceTestHost.Client(_host.Internal, "an-unknown-key-0123456789abcdef0123456789"), HttpStatusCode.Unauthorized),
            (SurfaceTestHost.Client(_host.Internal, SurfaceTestHost.ScraperKey), HttpStatusCode.Forbidden),
            (SurfaceTestHost.Client(_host.Public, TestApiKey.Value), HttpStatusCode.NotFound),
        ];

        foreach (var (client, expected) in refused)
        {
            using (client)
            {
                var (reads, scripts) = (await _redis.CallsAsync("get"), await ScriptsAsync());
                using var response = await client.GetAsync("/api/probe");

                Assert.Equal(expected, response.StatusCode);
                Assert.True(response.Headers.Contains(RateLimitMiddleware.RemainingHeader));
                Assert.Equal(scripts + 1, await ScriptsAsync());
                Assert.Equal(reads, await _redis.CallsAsync("get"));
            }
        }

        var readsBefore = await _redis.CallsAsync("get");
        var admitted = await operatorClient.GetStringAsync("/api/probe");

        Assert.Equal("read alongside the limit", admitted);
        Assert.Equal(readsBefore + 1, await _redis.CallsAsync("get"));
    }

    // The limiter's script, however StackExchange.Redis sends it.
    private async Task<long> ScriptsAsync() => await _redis.CallsAsync("eval") + await _redis.CallsAsync("evalsha");

    // Two parameters, so the minimal API binds it as a handler whose string is the body (not as a RequestDelegate).
    private static async Task<string> ReadAsync(HttpContext context, CancellationToken cancellationToken) =>
        Probe.Take(context) is { } read ? (await read.WaitAsync(cancellationToken)).ToString() : "not started alongside the limit";
}
