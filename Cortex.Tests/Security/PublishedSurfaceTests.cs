using System.Net;
using System.Text.Json.Nodes;
using Cortex.AppHost.Integrations;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Security;

/// <summary>
/// What a deployment exposes is what the committed manifest marks external. Those endpoints, attacked in the
/// running app, serve the public routes and nothing else, even to a caller holding the operator key or naming the
/// internal port in its Host header; every service's internal endpoint stays inside.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class PublishedSurfaceTests(CortexAppFixture fixture)
{
    private static readonly string[] Services = ["gateway", "economy", "ai"];

    [Fact]
    public void Only_the_gateway_and_economy_public_endpoints_are_external_and_every_internal_endpoint_stays_inside()
    {
        var resources = Manifest()["resources"]!.AsObject();

        Assert.Equal(
            ["economy/http", "economy/https", "gateway/http", "gateway/https"],
            ExternalBindings().Select(binding => $"{binding.Resource}/{binding.Binding}").Order(StringComparer.Ordinal));
        foreach (var service in Services)
        {
            var resource = resources[service]!;
            var binding = resource["bindings"]![ServiceSurfaces.InternalEndpoint]!;
            Assert.Null(binding["external"]);
            Assert.Equal(ServiceSurfaces.PublishedInternalPort, binding["targetPort"]!.GetValue<int>());
            Assert.Equal($"{{{service}.bindings.internal.targetPort}}", resource["env"]!["Cortex__Surfaces__InternalPort"]!.GetValue<string>());
            Assert.Equal($"{{{ServiceSurfaces.OperatorKeyParameter}.value}}", resource["env"]!["Cortex__Auth__Keys__operator__Key"]!.GetValue<string>());
        }

        Assert.True(resources[ServiceSurfaces.OperatorKeyParameter]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_manifests_external_endpoints_serve_nothing_but_the_public_routes()
    {
        var checkedRoutes = 0;
        foreach (var (resource, binding) in ExternalBindings())
        {
            // A published https binding shares the http one's port; the local run has only http.
            if (!fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
                    .OfType<IResourceWithEndpoints>().Single(r => r.Name == resource).GetEndpoints().Any(e => e.EndpointName == binding))
            {
                continue;
            }

            var address = fixture.App.GetEndpoint(resource, binding);
            var internalPort = fixture.App.GetEndpoint(resource, ServiceSurfaces.InternalEndpoint).Port;
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            foreach (var route in CortexRoutes.Of(resource))
            {
                foreach (var attempt in Attempts(fixture.OperatorKey, address, internalPort))
                {
                    using var request = route.Request();
                    attempt(request);
                    using var response = await http.SendAsync(request);
                    if (route.IsPublic)
                    {
                        Assert.True(response.StatusCode is not HttpStatusCode.NotFound && (int)response.StatusCode < 500, $"{route} on {binding}: {response.StatusCode}");
                    }
                    else
                    {
                        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} on the public {binding} endpoint answered {response.StatusCode}");
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    }

                    checkedRoutes++;
                }
            }
        }

        Assert.True(checkedRoutes > 40, $"only {checkedRoutes} requests were made");
    }

    /// <summary>Anonymous; with the operator key; and with a Host header naming the internal port.</summary>
    private static IEnumerable<Action<HttpRequestMessage>> Attempts(string operatorKey, Uri address, int internalPort) =>
    [
        request => request.FromNewClient(),
        request => request.FromNewClient().Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", operatorKey),
        request => request.FromNewClient().Headers.Host = $"{address.Host}:{internalPort}",
    ];

    public static IEnumerable<(string Resource, string Binding)> ExternalBindings() =>
        Manifest()["resources"]!.AsObject()
            .Where(resource => resource.Value!["bindings"] is JsonObject)
            .SelectMany(resource => resource.Value!["bindings"]!.AsObject()
                .Where(binding => binding.Value!["external"]?.GetValue<bool>() == true)
                .Select(binding => (resource.Key, binding.Key)));

    private static JsonNode Manifest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "aspire-manifest.json")))!;
}
