using Aspire.Hosting.ApplicationModel;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Defense;

internal static class AppSecrets
{
    /// <summary>The value the running app generated for a secret parameter (what the economy was given).</summary>
    public static async Task<string> ParameterAsync(this CortexAppFixture fixture, string name)
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == name);
        return await parameter.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException($"{name} has no value.");
    }

    public static HttpClient Client(this CortexAppFixture fixture, string service)
    {
        var http = new HttpClient { BaseAddress = fixture.App.GetEndpoint(service, "http"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(Cortex.ServiceDefaults.RateLimiting.ClientIpResolver.ClientIpHeader, Economy.EconomyApiClient.RandomAddress().ToString());
        return http;
    }
}
