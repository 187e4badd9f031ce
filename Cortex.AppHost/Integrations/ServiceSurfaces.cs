namespace Cortex.AppHost.Integrations;

/// <summary>
/// Each service's two surfaces. <c>http</c> is public (external in the manifest where the service has a
/// public route): it serves only what Discord and members reach without a Cortex credential. <c>internal</c>
/// is never external: the economy API, shards, moderation, metrics and OpenAPI, each behind an API-key
/// policy. The service enforces the split itself (<c>Cortex:Surfaces:InternalPort</c>); the manifest and
/// the NetworkPolicy are the second lock, not the only one.
/// </summary>
public static class ServiceSurfaces
{
    public const string InternalEndpoint = "internal";

    public const string OperatorKeyParameter = "operator-api-key";

    /// <summary>The internal port in a published container (the public one is the image's 8080).</summary>
    public const int PublishedInternalPort = 8081;

    /// <summary>Every scope there is: the operator key may do anything an operator does.</summary>
    public const string OperatorScopes = "economy.read economy.write shards.operate moderation.review moderation.configure metrics.read";

    /// <summary>
    /// The operator's API key: a secret parameter generated on first run and kept in the AppHost's user
    /// secrets, so it stays the same across local runs; a deployment generates (or is given) its own.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddOperatorKey(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(OperatorKeyParameter, new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

    public static IResourceBuilder<ProjectResource> WithInternalSurface(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ParameterResource> operatorKey)
    {
        var publishing = service.ApplicationBuilder.ExecutionContext.IsPublishMode;
        service.WithHttpEndpoint(targetPort: publishing ? PublishedInternalPort : null, name: InternalEndpoint)
            // WithExternalHttpEndpoints marks every HTTP endpoint; this one stays inside whatever the call order.
            .WithEndpoint(InternalEndpoint, endpoint => endpoint.IsExternal = false);
        return service
            .WithEnvironment("Cortex__Surfaces__InternalPort", service.GetEndpoint(InternalEndpoint).Property(EndpointProperty.TargetPort))
            .WithEnvironment("Cortex__Auth__Keys__operator__Key", operatorKey)
            .WithEnvironment("Cortex__Auth__Keys__operator__Scopes", OperatorScopes);
    }
}
