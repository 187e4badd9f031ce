using Cortex.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Hardening;

/// <summary>
/// The endpoint's body limit (its <see cref="IRequestSizeLimitMetadata"/>, else the service-wide
/// one): a declared Content-Length above it is refused with a 413 ProblemDetails before anything
/// reads the body, and a chunked body is cut off by Kestrel at the same limit. Every 413 (this
/// one, Kestrel's, an endpoint's own) says <c>Connection: close</c>: the unread body is still on
/// the wire, Kestrel will not drain megabytes of it, so the connection ends after the answer and a
/// keep-alive client knows to open a new one instead of losing its next request.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpHardeningOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            if (response.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                response.Headers.Connection = "close";
            }

            return Task.CompletedTask;
        }, context.Response);
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large",
                detail: $"Request bodies on this route are limited to {limit} bytes.",
                type: RateLimitMiddleware.ProblemTypeBase + "body-too-large").ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
