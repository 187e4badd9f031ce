using System.Globalization;
using System.Net;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Defense;

/// <summary>
/// The running services (gateway, economy, AI) each limit their public routes through the shared
/// defense: 429 with Retry-After and X-RateLimit-Remaining, security headers on every answer, and
/// health probes never limited.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ServiceRateLimitTests(CortexAppFixture fixture)
{
    [Theory]
    [InlineData("gateway", "/shards", 60)]
    [InlineData("economy", "/openapi/v1.json", 60)]
    [InlineData("ai", "/anything", 60)]
    public async Task Each_service_limits_its_public_routes_per_client(string service, string path, int limit)
    {
        using var http = Client(service);

        var remaining = new List<int>();
        for (var i = 0; i < limit; i++)
        {
            using var allowed = await http.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
            remaining.Add(int.Parse(allowed.Headers.GetValues(RateLimitMiddleware.RemainingHeader).Single(), CultureInfo.InvariantCulture));
        }

        using var limited = await http.GetAsync(path);
        using var health = await http.GetAsync("/health");

        Assert.Equal(Enumerable.Range(0, limit).Reverse(), remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("0", limited.Headers.GetValues(RateLimitMiddleware.RemainingHeader).Single());
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal("nosniff", limited.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(health.Headers.Contains(RateLimitMiddleware.RemainingHeader));
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("economy")]
    [InlineData("ai")]
    public async Task Each_service_answers_with_the_security_headers(string service)
    {
        using var http = Client(service);

        using var response = await http.GetAsync("/health");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_refuses_an_oversized_interaction_body_with_413()
    {
        using var http = Client("gateway");

        using var response = await http.PostAsync("/interactions", new ByteArrayContent(new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private HttpClient Client(string service)
    {
        var http = new HttpClient { BaseAddress = fixture.App.GetEndpoint(service, "http"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(ClientIpResolver.ClientIpHeader, Economy.EconomyApiClient.RandomAddress().ToString());
        return http;
    }
}
