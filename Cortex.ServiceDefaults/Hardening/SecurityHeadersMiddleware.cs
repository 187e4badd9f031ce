using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Hardening;

/// <summary>
/// The browser-facing headers on every response, set just before it starts so a page (or an error
/// written by any later middleware) gets them too. A response that already chose a header, such as
/// a page with its own Content-Security-Policy, keeps its own.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<HttpHardeningOptions> options)
{
    private readonly string _contentSecurityPolicy = options.Value.ContentSecurityPolicy;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (response, csp) = ((HttpResponse, string))state;
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // frame-ancestors is the modern control; X-Frame-Options covers browsers that predate it.
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = csp;
            }

            return Task.CompletedTask;
        }, (context.Response, _contentSecurityPolicy));
        return next(context);
    }
}
