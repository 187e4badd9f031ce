using Cortex.ServiceDefaults.Hardening;
using Cortex.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defense every public Cortex service puts in front of its routes, in one place: security
/// headers, the Redis sliding-window rate limit per route and client, body size limits and request
/// timeouts. The service must register Redis (<c>AddRedisClient("redis")</c>). The emulator does
/// not use it: it is a local development stand-in for Discord and OpenAI, never deployed.
/// </summary>
public static class HttpDefenseExtensions
{
    public static TBuilder AddHttpDefense<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        builder.Services.AddSingleton<ClientIpResolver>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<RateLimitingOptions>>((forwarded, limits) =>
            TrustedForwardedHeaders.Restrict(forwarded, limits.Value));
        builder.Services.AddSingleton<SlidingWindowLimiter>();

        builder.Services.AddOptions<HttpHardeningOptions>().BindConfiguration(HttpHardeningOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HttpHardeningOptions>, HttpHardeningOptionsValidator>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpHardeningOptions>>((kestrel, hardening) =>
            kestrel.Limits.MaxRequestBodySize = hardening.Value.MaxRequestBodyBytes);
        builder.Services.AddRequestTimeouts();
        builder.Services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<HttpHardeningOptions>>((timeouts, hardening) =>
            timeouts.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = hardening.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = context => Results.Problem(
                    statusCode: StatusCodes.Status504GatewayTimeout,
                    title: "Request timed out",
                    detail: $"The request did not complete within {hardening.Value.RequestTimeout.TotalSeconds:0.#} s.",
                    type: RateLimitMiddleware.ProblemTypeBase + "timeout").ExecuteAsync(context),
            });
        return builder;
    }

    /// <summary>
    /// Call before mapping the service's routes. Headers first, so refusals carry them too; then the
    /// rate limit, so a limited client costs one Redis round trip and nothing else (the limiter's script, with
    /// a read the endpoint named when the caller's key and scope admit it, <see cref="Cortex.ServiceDefaults.RateLimiting.ReadAlongsideRateLimit"/>);
    /// then size and time.
    /// </summary>
    public static WebApplication UseHttpDefense(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseRequestTimeouts();
        return app;
    }
}
