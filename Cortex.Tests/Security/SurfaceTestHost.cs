using Cortex.ServiceDefaults.Authentication;
using Cortex.ServiceDefaults.Surfaces;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Security;

/// <summary>
/// A Kestrel server wired as every Cortex service is (service defaults, HTTP defense, surfaces), on a public
/// and an internal port, with three routes: a public one, one needing <c>economy.write</c>, and one nobody marked.
/// </summary>
internal sealed class SurfaceTestHost : IAsyncDisposable
{
    public const string ScraperKey = "cortex-tests-scraper-key-0123456789abcdef";

    private readonly WebApplication _app;

    private SurfaceTestHost(WebApplication app, int publicPort, int internalPort)
    {
        _app = app;
        Public = new Uri($"http://127.0.0.1:{publicPort}");
        Internal = new Uri($"http://127.0.0.1:{internalPort}");
    }

    public Uri Public { get; }

    public Uri Internal { get; }

    /// <param name="redis">Where the rate limits are counted.</param>
    /// <param name="settings">Configuration over the defaults.</param>
    /// <param name="environment">The host environment.</param>
    /// <param name="map">More routes of the test's own, mapped after the three.</param>
    /// <param name="services">More services of the test's own, registered after the service's.</param>
    /// <param name="betweenDefenseAndSurfaces">Middleware of the test's own, after the rate limit and before the surfaces' authentication.</param>
    public static async Task<SurfaceTestHost> StartAsync(
        RedisServer redis,
        IDictionary<string, string?>? settings = null,
        string environment = "Testing",
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? betweenDefenseAndSurfaces = null)
    {
        var publicPort = LoopbackPort.Free();
        var internalPort = LoopbackPort.Free();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls($"http://127.0.0.1:{publicPort}", $"http://127.0.0.1:{internalPort}");
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestApiKey.Settings())
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Cortex:RateLimiting:KeyPrefix"] = "test:rl:" + Guid.NewGuid().ToString("N")[..8],
            ["Cortex:Surfaces:InternalPort"] = internalPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ApiKeyOptions.Section}:Keys:scraper:Sha256"] = Convert.ToHexString(ApiKeyRing.Digest(ScraperKey)),
            [$"{ApiKeyOptions.Section}:Keys:scraper:Scopes"] = CortexScopes.MetricsRead,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults();
        builder.AddRedisClient("redis");
        builder.AddHttpDefense();
        builder.AddCortexSurfaces();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseHttpDefense();
        betweenDefenseAndSurfaces?.Invoke(app);
        app.UseCortexSurfaces();
        app.MapGet("/public", (HttpContext context) => context.Connection.RemoteIpAddress!.ToString()).ServePublicly();
        app.MapPost("/api/money", () => "moved").RequireAuthorization(CortexScopes.EconomyWrite);
        app.MapGet("/unmarked", () => "unmarked");
        map?.Invoke(app);
        await app.StartAsync();
        return new SurfaceTestHost(app, publicPort, internalPort);
    }

    public static HttpClient Client(Uri address, string? key = null)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
