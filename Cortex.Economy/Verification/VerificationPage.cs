using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Cortex.Economy.Verification;

/// <summary>
/// The confirmation page: plain HTML, no script at all, one stylesheet allowed by its hash. The
/// policy forbids everything else, lets the form post only back here, and forbids framing
/// (clickjacking a "confirm" button is the classic attack on a page like this).
/// </summary>
internal static class VerificationPage
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}"
        + "button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#5865f2;color:#fff;cursor:pointer}";

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IResult Confirm(string token, VerificationLink link) => Render(StatusCodes.Status200OK, "Confirm verification",
        $"<p>Confirm to receive your verified role in this server (link valid until {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC).</p>"
        + $"<form method=\"post\" action=\"verify\"><input type=\"hidden\" name=\"token\" value=\"{WebUtility.HtmlEncode(token)}\"><button type=\"submit\">Verify me</button></form>");

    public static IResult Done() => Render(StatusCodes.Status200OK, "You are verified", "<p>Your role has been granted. You can close this page and go back to Discord.</p>");

    public static IResult Refused(int status, string title, string detail) =>
        Render(status, title, $"<p>{WebUtility.HtmlEncode(detail)}</p><p>Go back to Discord and click the verification button again for a new link.</p>", detail);

    private static PageResult Render(int status, string title, string body, string? detail = null) => new PageResult(status, title, detail,
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
        + $"<title>{WebUtility.HtmlEncode(title)}</title><style>{Style}</style></head><body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>");

    // A browser (Accept: text/html) gets the page; any other client gets a refusal as RFC 9457 ProblemDetails.
    private sealed class PageResult(int status, string title, string? detail, string html) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            if (detail is not null && !WantsHtml(context.Request))
            {
                return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Api.Problems.TypeBase + "verification").ExecuteAsync(context);
            }

            context.Response.StatusCode = status;
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(html);
        }

        private static bool WantsHtml(HttpRequest request) =>
            request.GetTypedHeaders().Accept.Any(type => type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }
}
