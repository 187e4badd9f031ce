using System.Security.Claims;
using System.Text.Encodings.Web;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.ServiceDefaults.Surfaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Authentication;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> against the <see cref="ApiKeyRing"/>. A match signs the
/// caller in as the key's name with one <c>scope</c> claim per scope; refusals are ProblemDetails
/// (401 with <c>WWW-Authenticate: Bearer</c>, 403 naming the scope the route needs), never echoing the key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // A public endpoint authenticates its caller itself, and its Authorization header is its own (the vote webhook's secret).
        var header = Request.Headers.Authorization;
        if (header.Count == 0 || Context.GetEndpoint()?.Metadata.GetMetadata<PublicSurface>() is not null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = header.Count == 1 ? header[0] ?? "" : "";
        if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("Expected one Authorization header of the form 'Bearer <key>'."));
        }

        if (keys.Match(value[BearerPrefix.Length..].Trim()) is not { } match)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not recognised."));
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, match.Name));
        identity.AddClaims(match.Scopes.Select(scope => new Claim(CortexScopes.ClaimType, scope)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: failed
                ? "The Authorization header does not carry a valid Cortex API key."
                : "This is an internal Cortex endpoint: send 'Authorization: Bearer <key>' with an operator's API key.",
            type: RateLimitMiddleware.ProblemTypeBase + "unauthenticated").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => data.Policy).OfType<string>().Distinct().ToArray() ?? [];
        var name = Context.User.Identity?.Name ?? "this key";
        return Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Missing scope",
            detail: needed.Length == 0
                ? $"The key '{name}' does not grant this capability."
                : $"This needs the scope {string.Join(" and ", needed)}, which the key '{name}' does not grant.",
            type: RateLimitMiddleware.ProblemTypeBase + "forbidden").ExecuteAsync(Context);
    }
}
