using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Economy;

namespace Cortex.Tests.Input;

/// <summary>
/// Presents every request as a new client (CF-Connecting-IP, believed from the loopback proxy in
/// local runs), so thousands of fuzz requests measure validation, not the per-client rate limit.
/// </summary>
internal sealed class RandomClientAddressHandler() : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(ClientIpResolver.ClientIpHeader);
        request.Headers.TryAddWithoutValidation(ClientIpResolver.ClientIpHeader, EconomyApiClient.RandomAddress().ToString());
        return base.SendAsync(request, cancellationToken);
    }
}
