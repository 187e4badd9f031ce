using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Defense;

/// <summary>
/// A Kestrel server on a free port with the shared HTTP defense in front of routes a test maps,
/// counting its limits in the given Redis under a key prefix of its own.
/// </summary>
internal sealed class DefenseTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DefenseTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<DefenseTestHost> StartAsync(string redis, Action<WebApplication> map, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ListenOnLoopback();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["Cortex:RateLimiting:KeyPrefix"] = "test:rl:" + Guid.NewGuid().ToString("N")[..8],
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults();
        builder.AddRedisClient("redis");
        builder.AddHttpDefense();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseHttpDefense();
        map(app);
        return new DefenseTestHost(app, await app.StartOnLoopbackAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
