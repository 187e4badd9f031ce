using Cortex.ServiceDefaults.Input;
using Cortex.ServiceDefaults.Input.Rejections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The input and error contract every Cortex service shares (docs/input.md): strict JSON for its own
/// APIs, canonical integers in routes and queries, and RFC 9457 ProblemDetails for every error,
/// status-code pages included, with the trace id and nothing else from the server's insides.
/// </summary>
public static class InputContractExtensions
{
    public static IServiceCollection AddInputContract(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures throw, so the handler above can name the parameter in every environment.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json => StrictJson.Apply(json.SerializerOptions));
        services.Configure<KestrelServerOptions>(RejectedRequestProblems.Apply);
        return services;
    }

    /// <summary>
    /// First in the pipeline, inside the developer exception page WebApplication adds in
    /// Development, so that page never renders (it echoes headers, cookies included).
    /// </summary>
    public static WebApplication UseInputContract(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// Canonical route and query integers. After authorization (<c>UseCortexSurfaces</c> calls it), so an
    /// unauthenticated caller learns nothing about a route's parameters, only that it needs a key.
    /// </summary>
    public static WebApplication UseCanonicalNumbers(this WebApplication app)
    {
        app.UseMiddleware<CanonicalNumbersMiddleware>();
        return app;
    }
}
