using System.Net;
using Cortex.Tests.Support;

namespace Cortex.Tests.Security;

/// <summary>
/// Issue 14's fourth attack: rotating <c>X-Forwarded-For</c> for a fresh rate-limit bucket per request. The host
/// runs as published: <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> (the manifest sets it on every service),
/// Production, no trusted proxy. Only a peer inside <c>Cortex:RateLimiting:TrustedProxies</c> may name the client.
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const int Limit = 3;
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task In_the_published_configuration_a_rotated_forwarded_for_from_an_untrusted_peer_is_ignored()
    {
        await using var host = await SurfaceTestHost.StartAsync(_redis, Published(), environment: "Production");

        var (statuses, seenAs) = await RotateAsync(host);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Limit), HttpStatusCode.TooManyRequests], statuses);
        Assert.All(seenAs, address => Assert.Equal("127.0.0.1", address));
    }

    [Fact]
    public async Task A_trusted_proxy_still_names_the_client()
    {
        var settings = Published();
        settings["Cortex:RateLimiting:TrustedProxies:0"] = "127.0.0.0/8";
        await using var host = await SurfaceTestHost.StartAsync(_redis, settings, environment: "Production");

        var (statuses, seenAs) = await RotateAsync(host);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(Enumerable.Range(1, Limit + 1).Select(i => $"203.0.113.{i}"), seenAs);
    }

    private static Dictionary<string, string?> Published() => new()
    {
        // What ASPNETCORE_FORWARDEDHEADERS_ENABLED becomes in configuration (the ASPNETCORE_ prefix is the host's).
        ["FORWARDEDHEADERS_ENABLED"] = "true",
        ["Cortex:RateLimiting:Routes:/:Limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>One request more than the limit, each claiming another client address.</summary>
    private static async Task<(List<HttpStatusCode> Statuses, List<string> SeenAs)> RotateAsync(SurfaceTestHost host)
    {
        using var http = SurfaceTestHost.Client(host.Public);
        var statuses = new List<HttpStatusCode>();
        var seenAs = new List<string>();
        for (var i = 1; i <= Limit + 1; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/public");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                seenAs.Add(await response.Content.ReadAsStringAsync());
            }
        }

        return (statuses, seenAs);
    }
}
