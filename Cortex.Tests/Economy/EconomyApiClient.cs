using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cortex.AppHost.Integrations;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Economy;

/// <summary>
/// An HTTP client for the running economy's internal endpoint, as the operator (the app's operator key),
/// that presents itself as one client address (CF-Connecting-IP, believed because local runs trust the
/// loopback proxy), so each test owns its own rate-limit window.
/// </summary>
internal static class EconomyApiClient
{
    public static HttpClient Create(CortexAppFixture fixture, IPAddress? clientAddress = null, bool asOperator = true)
    {
        // No resilience handler: a retried request would count twice against the limit and hide
        // exactly the answers (429, 5xx) these tests look at.
        var http = new HttpClient { BaseAddress = fixture.App.GetEndpoint("economy", ServiceSurfaces.InternalEndpoint), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(ClientIpResolver.ClientIpHeader, (clientAddress ?? RandomAddress()).ToString());
        if (asOperator)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.OperatorKey);
        }

        return http;
    }

    /// <summary>A random address in 10.0.0.0/8, practically unique per test.</summary>
    public static IPAddress RandomAddress() =>
        new([10, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static HttpRequestMessage Post(string path, object? body, string? idempotencyKey = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }
}
