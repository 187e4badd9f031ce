using System.Net;
using System.Net.Http.Headers;
using Cortex.AppHost.Integrations;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Security;

/// <summary>
/// Where an attacker stands: on the service's public endpoint (anyone, once deployed), or on its internal
/// endpoint without a key or with a guessed one (a compromised neighbour inside the cluster).
/// </summary>
internal static class AttackSurfaces
{
    public static IEnumerable<(string Name, HttpClient Client)> Of(CortexAppFixture fixture, string service)
    {
        yield return ("public, anonymous", Client(fixture, service, "http", key: null));
        yield return ("internal, anonymous", Client(fixture, service, ServiceSurfaces.InternalEndpoint, key: null));
        yield return ("internal, guessed key", Client(fixture, service, ServiceSurfaces.InternalEndpoint, key: InternalSurfaceAttackTests.RandomKey()));
    }

    /// <summary>What the attacker may get: not found, not authenticated, not allowed. Never a 2xx, never a 5xx.</summary>
    public static void AssertRefused(HttpResponseMessage response, string what) =>
        Assert.True(
            response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
            $"{what} answered {(int)response.StatusCode} {response.StatusCode}");

    private static HttpClient Client(CortexAppFixture fixture, string service, string endpoint, string? key)
    {
        var http = new HttpClient { BaseAddress = fixture.App.GetEndpoint(service, endpoint), Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}
