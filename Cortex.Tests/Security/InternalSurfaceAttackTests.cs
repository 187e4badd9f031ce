using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Cortex.AppHost.Integrations;
using Cortex.Tests.Economy;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Security;

/// <summary>
/// The internal endpoints, reached (as a compromised pod or a misconfigured ingress would) without a key,
/// with a wrong one, with a near miss of the right one, or with another scheme: every route answers 401
/// with a ProblemDetails and a Bearer challenge, and the operator key opens each of them.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class InternalSurfaceAttackTests(CortexAppFixture fixture)
{
    public static TheoryData<string> Services => ["gateway", "economy", "ai"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_internal_route_refuses_a_caller_without_the_right_key(string service)
    {
        using var http = Internal(service);
        var key = fixture.OperatorKey;
        var wrongKeys = new (string Scheme, string Value)[]
        {
            ("Bearer", RandomKey()),
            ("Bearer", key[..^1]),
            ("Bearer", key + "x"),
            ("Bearer", string.Concat(key.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)))),
            ("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("operator:" + key))),
            ("Bearer", ""),
        };

        foreach (var route in CortexRoutes.Of(service).Where(route => !route.IsPublic))
        {
            using (var anonymous = route.Request().FromNewClient())
            {
                using var refused = await http.SendAsync(anonymous);
                await AssertUnauthenticatedAsync(refused, route, "no key");
            }

            foreach (var (scheme, value) in wrongKeys)
            {
                using var request = route.Request().FromNewClient();
                request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {value}");
                using var refused = await http.SendAsync(request);
                await AssertUnauthenticatedAsync(refused, route, $"{scheme} with a wrong key");
            }
        }
    }

    [Fact]
    public async Task The_operator_key_reads_every_service_on_its_internal_port()
    {
        foreach (var route in CortexRoutes.All.Where(route => route is { IsPublic: false, Method: "GET" }))
        {
            using var http = fixture.CreateInternalClient(route.Service);
            using var response = await http.SendAsync(route.Request());
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500, $"{route}: {response.StatusCode}");
        }

        using var economy = EconomyApiClient.Create(fixture);
        using var balance = await economy.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, balance.StatusCode);
    }

    private static async Task AssertUnauthenticatedAsync(HttpResponseMessage response, CortexRoute route, string attempt)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} with {attempt}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    private HttpClient Internal(string service) =>
        new() { BaseAddress = fixture.App.GetEndpoint(service, ServiceSurfaces.InternalEndpoint), Timeout = TimeSpan.FromSeconds(60) };

    internal static string RandomKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
}
