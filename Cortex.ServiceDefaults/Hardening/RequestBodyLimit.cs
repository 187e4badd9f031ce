using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cortex.ServiceDefaults.Hardening;

/// <summary>An endpoint's own body limit, below (or above) the service-wide one.</summary>
public sealed class RequestBodyLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;
}

public static class RequestBodyLimitExtensions
{
    /// <summary>Refuse bodies above <paramref name="bytes"/> on these endpoints with 413.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder endpoint, long bytes) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RequestBodyLimit(bytes));
}
