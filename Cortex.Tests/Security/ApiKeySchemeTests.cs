using System.Net;
using System.Net.Http.Json;
using Cortex.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Security;

/// <summary>
/// The surfaces and the API-key scheme on a host wired like a service: the public port has only public routes,
/// whatever the caller holds or claims in its Host header; the internal port wants a key for everything unmarked
/// and the key's scope for everything marked, and says which scope was missing.
/// </summary>
public sealed class ApiKeySchemeTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private SurfaceTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = await SurfaceTestHost.StartAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_public_port_answers_404_for_internal_routes_even_with_a_key_or_a_forged_host()
    {
        using var http = SurfaceTestHost.Client(_host.Public, TestApiKey.Value);
        using var forgedHost = new HttpRequestMessage(HttpMethod.Post, "/api/money");
        forgedHost.Headers.Host = _host.Internal.Authority;

        using var money = await http.PostAsync("/api/money", null);
        using var unmarked = await http.GetAsync("/unmarked");
        using var metrics = await http.GetAsync("/metrics");
        using var forged = await http.SendAsync(forgedHost);
        using var page = await http.GetAsync("/public");
        using var health = await http.GetAsync("/health");

        foreach (var refused in new[] { money, unmarked, metrics, forged })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task The_internal_port_wants_a_key_for_every_unmarked_route_and_the_scope_for_a_marked_one()
    {
        using var anonymous = SurfaceTestHost.Client(_host.Internal);
        using var scraper = SurfaceTestHost.Client(_host.Internal, SurfaceTestHost.ScraperKey);
        using var operatorClient = SurfaceTestHost.Client(_host.Internal, TestApiKey.Value);

        using var noKey = await anonymous.PostAsync("/api/money", null);
        using var noKeyUnmarked = await anonymous.GetAsync("/unmarked");
        using var wrongScope = await scraper.PostAsync("/api/money", null);
        using var scraperMetrics = await scraper.GetAsync("/metrics");
        using var scraperUnmarked = await scraper.GetAsync("/unmarked");
        using var moved = await operatorClient.PostAsync("/api/money", null);
        using var health = await anonymous.GetAsync("/health");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("Bearer", noKey.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, noKeyUnmarked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongScope.StatusCode);
        var problem = await wrongScope.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Contains("economy.write", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, scraperMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scraperUnmarked.StatusCode);
        Assert.Equal("moved", await moved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData(null, "no API key is configured")]
    [InlineData("short-key", "shorter than 32 characters")]
    [InlineData("cortex-tests-operator-key-0123456789abcdef|economy.steal", "'economy.steal' is not a Cortex scope")]
    [InlineData("cortex-tests-operator-key-0123456789abcdef|", "Scopes is empty")]
    public void A_missing_short_or_unscoped_key_fails_validation_without_naming_the_key(string? keyAndScopes, string expected)
    {
        var options = new Cortex.ServiceDefaults.Authentication.ApiKeyOptions();
        if (keyAndScopes is not null)
        {
            var parts = keyAndScopes.Split('|');
            options.Keys["operator"] = new() { Key = parts[0], Scopes = parts.Length > 1 ? parts[1] : "economy.read" };
        }

        var result = new Cortex.ServiceDefaults.Authentication.ApiKeyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_without_its_internal_port_does_not_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SurfaceTestHost.StartAsync(_redis, new Dictionary<string, string?> { ["Cortex:Surfaces:InternalPort"] = "0" }));

        Assert.Contains("Cortex:Surfaces:InternalPort", error.Message, StringComparison.Ordinal);
    }
}
