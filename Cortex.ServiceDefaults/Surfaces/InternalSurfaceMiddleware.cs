using Cortex.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Surfaces;

/// <summary>
/// On any port but the internal one, only <see cref="PublicSurface"/> endpoints exist: everything else
/// answers 404 before authentication runs, so the public port does not even confirm an internal route.
/// The decision uses the socket's local port, not the <c>Host</c> header (which the caller writes,
/// and which is why <c>RequireHost</c> is not used here).
/// </summary>
public sealed class InternalSurfaceMiddleware(RequestDelegate next, IOptions<SurfaceOptions> options)
{
    private readonly int _internalPort = options.Value.InternalPort;

    public Task InvokeAsync(HttpContext context)
    {
        if (Serves(context, context.GetEndpoint(), _internalPort))
        {
            return next(context);
        }

        return Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"Nothing is served at {context.Request.Path} on this port.",
            type: RateLimitMiddleware.ProblemTypeBase + "not-found").ExecuteAsync(context);
    }

    /// <summary>Whether the port the request came in on serves <paramref name="endpoint"/> (also asked by <see cref="RequestAdmission"/>).</summary>
    internal static bool Serves(HttpContext context, Endpoint? endpoint, int internalPort) =>
        context.Connection.LocalPort == internalPort || endpoint?.Metadata.GetMetadata<PublicSurface>() is not null;
}
