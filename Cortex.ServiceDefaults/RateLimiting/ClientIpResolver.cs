using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.RateLimiting;

/// <summary>
/// The address a limit applies to: the TCP peer, unless the peer is a trusted proxy that names the
/// client in <c>CF-Connecting-IP</c>.
/// </summary>
public sealed class ClientIpResolver(IOptions<RateLimitingOptions> options)
{
    public const string ClientIpHeader = "CF-Connecting-IP";

    private readonly System.Net.IPNetwork[] _trusted = [.. options.Value.TrustedProxies.Select(proxy => System.Net.IPNetwork.Parse(proxy))];

    public IPAddress Resolve(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        if (!IsTrusted(peer))
        {
            return peer;
        }

        var header = context.Request.Headers[ClientIpHeader];
        return header.Count == 1 && IPAddress.TryParse(header[0], out var client) ? client : peer;
    }

    private bool IsTrusted(IPAddress peer)
    {
        foreach (var network in _trusted)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }
}
