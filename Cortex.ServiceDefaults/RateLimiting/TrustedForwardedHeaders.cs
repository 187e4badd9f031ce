using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Cortex.ServiceDefaults.RateLimiting;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, held to <see cref="RateLimitingOptions.TrustedProxies"/>.
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> (Aspire's publisher sets it on every project) clears the
/// known proxies and networks, and with both lists empty the middleware believes <c>X-Forwarded-For</c> from
/// any peer: anyone could pick the address the rate limit counts. Applied after that setup, this puts
/// the trusted ranges back, and with none configured turns forwarding off.
/// </summary>
public static class TrustedForwardedHeaders
{
    public static void Restrict(ForwardedHeadersOptions forwarded, RateLimitingOptions limits)
    {
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list is still consulted; it must not keep the loopback default.
        forwarded.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var proxy in limits.TrustedProxies)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
        }

        // Empty known lists mean "trust everyone" to the middleware, so no trusted proxy means no forwarding at all.
        if (forwarded.KnownIPNetworks.Count == 0)
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.None;
        }
    }
}
