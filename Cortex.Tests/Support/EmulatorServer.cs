using System.Net;
using System.Net.Sockets;
using Cortex.Emulator.OpenAi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cortex.Tests.Support;

/// <summary>
/// The emulator, in-process on a free loopback port with real Kestrel, so HTTP clients outside the
/// test host (the OpenAI SDK, Node scripts, a browser) can reach it.
/// </summary>
public sealed class EmulatorServer : WebApplicationFactory<OpenAiTokenizer>
{
    public const string BotToken = "test.bot.token";
    public const string OpenAiKey = "test-openai-key";

    private readonly Dictionary<string, string?> _settings;

    public EmulatorServer(IDictionary<string, string?>? settings = null)
    {
        Port = FreePort();
        _settings = new Dictionary<string, string?>
        {
            ["Emulator:BotToken"] = BotToken,
            ["Emulator:OpenAiKey"] = OpenAiKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // UseKestrel() without a port, the port bound in ConfigureWebHost: UseKestrel(port) rewrites the
        // server's addresses after the app has started Kestrel on its own thread, and throws when
        // Kestrel binds first (dotnet/aspnetcore#67714).
        UseKestrel();
        StartServer();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>A plain client on the real socket (not the in-memory test handler).</summary>
    public HttpClient CreateSocketClient() => new() { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
