using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Support;

/// <summary>
/// The servers tests start in their own process (stand-ins for Discord, an OTLP collector, a panel; hosts of the real
/// middleware) listen on a loopback port the OS picks when they start, and report the address they got: no port is
/// hard-coded, and none is picked before binding, where another test could take it in between.
/// </summary>
public static class LoopbackHost
{
    /// <summary>Listen on 127.0.0.1, on a port chosen when the app starts.</summary>
    public static IWebHostBuilder ListenOnLoopback(this IWebHostBuilder host) => host.UseUrls("http://127.0.0.1:0");

    /// <summary>Starts <paramref name="app"/> and returns the address it listens on (<c>http://127.0.0.1:port/</c>).</summary>
    public static async Task<Uri> StartOnLoopbackAsync(this WebApplication app)
    {
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
