using System.Net;
using Cortex.Economy.Storage;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Tests.Economy;

[Collection(CortexAppCollection.Name)]
public sealed class RateLimitingTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task The_api_allows_sixty_requests_a_minute_per_client_then_answers_429_with_retry_after()
    {
        using var http = EconomyApiClient.Create(fixture);
        using var neighbour = EconomyApiClient.Create(fixture);
        var guild = TestIds.NewGuild();

        var remaining = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            using var allowed = await http.GetAsync($"/api/guilds/{guild}/leaderboard");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            remaining.Add(int.Parse(allowed.Headers.GetValues(RateLimitMiddleware.RemainingHeader).Single(), System.Globalization.CultureInfo.InvariantCulture));
        }

        using var limited = await http.GetAsync($"/api/guilds/{guild}/leaderboard");
        using var other = await neighbour.GetAsync($"/api/guilds/{guild}/leaderboard");

        Assert.Equal(Enumerable.Range(0, 60).Reverse(), remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0", limited.Headers.GetValues(RateLimitMiddleware.RemainingHeader).Single());
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Refused_requests_are_not_recorded_so_the_window_really_slides()
    {
        var limiter = await LimiterAsync(await fixture.ConnectionStringAsync("redis"));
        var policy = new RateLimitPolicy { Limit = 3, Window = TimeSpan.FromSeconds(1) };
        var client = Guid.NewGuid().ToString("N");

        var first = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync("/test", client, policy)));
        var refused = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => limiter.AcquireAsync("/test", client, policy)));
        await Task.Delay(1_100);
        var afterWindow = await limiter.AcquireAsync("/test", client, policy);

        Assert.All(first, decision => Assert.True(decision.Allowed));
        Assert.Equal([0, 1, 2], first.Select(decision => decision.Remaining).Order());
        Assert.All(refused, decision => Assert.False(decision.Allowed));
        Assert.All(refused, decision => Assert.InRange(decision.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)));
        Assert.True(afterWindow.Allowed);
    }

    [Fact]
    public async Task Concurrent_requests_never_exceed_the_limit()
    {
        var limiter = await LimiterAsync(await fixture.ConnectionStringAsync("redis"));
        var policy = new RateLimitPolicy { Limit = 20, Window = TimeSpan.FromMinutes(1) };
        var client = Guid.NewGuid().ToString("N");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => limiter.AcquireAsync("/test", client, policy))));

        Assert.Equal(20, decisions.Count(decision => decision.Allowed));
    }

    [Fact]
    public void CF_Connecting_IP_is_believed_only_from_a_trusted_proxy()
    {
        var resolver = new ClientIpResolver(Options.Create(new RateLimitingOptions { TrustedProxies = ["173.245.48.0/20"] }));

        var fromProxy = Request("173.245.48.7", "203.0.113.9");
        var spoofed = Request("198.51.100.1", "203.0.113.9");
        var garbage = Request("173.245.48.7", "not-an-ip");

        Assert.Equal(IPAddress.Parse("203.0.113.9"), resolver.Resolve(fromProxy));
        Assert.Equal(IPAddress.Parse("198.51.100.1"), resolver.Resolve(spoofed));
        Assert.Equal(IPAddress.Parse("173.245.48.7"), resolver.Resolve(garbage));

        static DefaultHttpContext Request(string peer, string header)
        {
            var context = new DefaultHttpContext();
            context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            context.Request.Headers[ClientIpResolver.ClientIpHeader] = header;
            return context;
        }
    }

    [Fact]
    public void A_malformed_trusted_proxy_range_fails_validation()
    {
        var result = new RateLimitingOptionsValidator().Validate(null, new RateLimitingOptions { TrustedProxies = ["10.0.0.0/33"] });

        Assert.True(result.Failed);
    }

    [Fact]
    public async Task With_redis_down_verify_fails_closed_and_the_api_stays_open()
    {
        // Nothing listens on a port we just released.
        var deadRedis = $"127.0.0.1:{LoopbackPort.Free()},abortConnect=false,connectTimeout=200";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ListenOnLoopback();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = deadRedis,
            ["Discord:Token"] = "test.bot.token",
            ["ConnectionStrings:economydb"] = "Host=127.0.0.1;Database=unused",
        });
        builder.AddEconomyStorage();
        builder.AddHttpDefense();
        await using var app = builder.Build();
        app.UseHttpDefense();
        app.MapGet("/verify", () => "verified");
        app.MapGet("/api/ping", () => "pong");
        using var http = new HttpClient { BaseAddress = await app.StartOnLoopbackAsync() };

        using var verify = await http.GetAsync("/verify");
        using var api = await http.GetAsync("/api/ping");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, verify.StatusCode);
        Assert.NotNull(verify.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        await app.StopAsync();
    }

    private static async Task<SlidingWindowLimiter> LimiterAsync(string redis)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        return new SlidingWindowLimiter(connection, Options.Create(new RateLimitingOptions { KeyPrefix = "test:rl:" + Guid.NewGuid().ToString("N")[..8] }));
    }
}
