using System.Net;
using System.Net.Sockets;

namespace Cortex.AppHost.Infrastructure;

internal static class FreePort
{
    /// <summary>
    /// A loopback port nobody listens on now. Local servers take a fixed port up front so their
    /// connection strings are known before they start, and two AppHosts (a developer's run and a
    /// test run) never collide.
    /// </summary>
    public static int Pick(int configured)
    {
        if (configured > 0)
        {
            return configured;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
