using Microsoft.AspNetCore.Builder;

namespace Cortex.ServiceDefaults.Surfaces;

/// <summary>Marks an endpoint Discord or an end user reaches without a Cortex credential.</summary>
public sealed class PublicSurface
{
    public static readonly PublicSurface Instance = new();

    private PublicSurface()
    {
    }
}

public static class PublicSurfaceExtensions
{
    /// <summary>
    /// Serve these endpoints on the public port too, without an API key: they authenticate their callers
    /// themselves (a signature, a shared secret, a signed link) or reveal nothing (health probes).
    /// </summary>
    public static TBuilder ServePublicly<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(PublicSurface.Instance).AllowAnonymous();
}
