using Cortex.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class CortexAuthenticationExtensions
{
    /// <summary>
    /// The API-key scheme as the default, one policy per <see cref="CortexScopes">scope</see>, and a
    /// fallback policy that wants any valid key: a route nobody marked is closed, not open.
    /// </summary>
    public static TBuilder AddCortexAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        foreach (var scope in CortexScopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(CortexScopes.ClaimType, scope));
        }

        return builder;
    }

    /// <summary>Reads (GET, HEAD) need <paramref name="readScope"/>; every other method <paramref name="writeScope"/>.</summary>
    public static TBuilder RequireReadWriteAuthorization<TBuilder>(this TBuilder routes, string readScope, string writeScope)
        where TBuilder : IEndpointConventionBuilder
    {
        routes.Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(metadata => metadata.HttpMethods).ToArray();
            var reads = methods.Length > 0 && methods.All(method => HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
            endpoint.Metadata.Add(new AuthorizeAttribute(reads ? readScope : writeScope));
        });
        return routes;
    }
}
