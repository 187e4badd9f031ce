using Cortex.ServiceDefaults.Surfaces;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A Cortex service's two surfaces: the public port serves only <see cref="PublicSurfaceExtensions.ServePublicly{TBuilder}">public</see>
/// endpoints; the internal port (<see cref="SurfaceOptions.InternalPort"/>) serves every endpoint, each behind
/// its API-key policy.
/// </summary>
public static class SurfaceExtensions
{
    public static TBuilder AddCortexSurfaces<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<SurfaceOptions>().BindConfiguration(SurfaceOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SurfaceOptions>, SurfaceOptionsValidator>();
        builder.AddCortexAuthentication();
        builder.Services.AddSingleton<RequestAdmission>();
        // Transient, as the framework registers its own: AuthorizationMiddleware resolves it from the request's services.
        builder.Services.Replace(ServiceDescriptor.Transient<IPolicyEvaluator, AdmittedPolicyEvaluator>());
        return builder;
    }

    /// <summary>Call after <c>UseHttpDefense</c> (so refused and unauthenticated callers are still rate-limited) and before mapping routes.</summary>
    public static WebApplication UseCortexSurfaces(this WebApplication app)
    {
        app.UseMiddleware<InternalSurfaceMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCanonicalNumbers();
        return app;
    }
}
