using Cortex.ServiceDefaults.Authentication;
using Cortex.ServiceDefaults.Surfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Cortex service shares: telemetry, health, service discovery, HTTP resilience and a
/// bounded graceful shutdown.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every registered check. Used by orchestrators before routing traffic.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only the checks tagged "live". A failing dependency must not restart us.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Prometheus scrape endpoint.</summary>
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>How long in-flight work may drain after SIGTERM before the host gives up.</summary>
    public static readonly TimeSpan ShutdownDrainTimeout = TimeSpan.FromSeconds(10);

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // SIGTERM: Kestrel stops accepting, hosted services are cancelled, in-flight work gets 10 s.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownDrainTimeout);
        builder.Services.AddInputContract();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Health and liveness on every port (orchestrators probe them, and they reveal nothing); metrics on
    /// the internal port behind <c>metrics.read</c> when the service has surfaces (the emulator has none).
    /// First, the input and error contract (<see cref="InputContractExtensions.UseInputContract"/>),
    /// which every service needs ahead of everything it maps or uses after this call.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseInputContract();
        app.MapHealthChecks(HealthEndpointPath).ServePublicly();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
        }).ServePublicly();
        var metrics = app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        if (app.Services.GetService<ApiKeyRing>() is not null)
        {
            metrics.RequireAuthorization(CortexScopes.MetricsRead);
        }

        return app;
    }
}
