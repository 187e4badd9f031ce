using Cortex.ServiceDefaults.Hardening;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Traces, metrics and logs over OTLP (to the Aspire dashboard or any collector) and metrics for
/// Prometheus. Services register their own meters and sources through <see cref="CortexTelemetry"/>.
/// </summary>
public static class Telemetry
{
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(CortexTelemetry.MeterPrefix + "*")
                .AddPrometheusExporter());

        if (builder.TracesExported())
        {
            // Traces only go out over OTLP; without an exporter, recording them is pure cost
            // (an Activity with tags per request, per SQL command and per Redis command).
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource(CortexTelemetry.MeterPrefix + "*")
                    .AddAspNetCoreInstrumentation(options =>
                        // Probes and scrapes would drown the real traffic in the trace view.
                        options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                    .AddHttpClientInstrumentation(options =>
                    {
                        // Discord interaction tokens travel in the URL: spans show the redacted one.
                        options.EnrichWithHttpRequestMessage = RedactedUrls.EnrichRequest;
                        options.EnrichWithHttpResponseMessage = RedactedUrls.EnrichResponse;
                    }))
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Whether an OTLP endpoint is configured (the AppHost sets one for the dashboard). Client
    /// integrations use it to switch their own tracing off when nothing would receive it.
    /// </summary>
    public static bool TracesExported(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    private static bool IsInfrastructurePath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(Extensions.HealthEndpointPath)
        || path.StartsWithSegments(Extensions.AlivenessEndpointPath)
        || path.StartsWithSegments(Extensions.MetricsEndpointPath);
}

/// <summary>Names shared by every Cortex meter and activity source.</summary>
public static class CortexTelemetry
{
    /// <summary>Every Cortex meter and activity source starts with this, so one wildcard exports them.</summary>
    public const string MeterPrefix = "Cortex.";
}
