using System.Net;
using System.Net.Sockets;

namespace Cortex.Tests.Support;

/// <summary>Free loopback ports for the servers tests start (Redis, PostgreSQL, a gateway process).</summary>
public static class LoopbackPort
{
    /// <summary>A port nobody listens on now; another process may still take it before the caller binds it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
