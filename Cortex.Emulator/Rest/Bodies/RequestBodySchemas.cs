using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;
using Cortex.Emulator.Gateway;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cortex.Emulator.Rest.Bodies;

/// <summary>
/// The emulator's REST request bodies in its OpenAPI document (<c>/openapi/v1.json</c>): each route
/// that reads a body declares it (<see cref="AcceptsBody{T}"/>), the schemas are generated from the
/// same source-generated contracts the routes read with (snake_case, Discord's names), and members
/// carry <see cref="RequestBodyLimits"/>' bounds, which the routes enforce.
/// </summary>
internal static class RequestBodySchemas
{
    public static IServiceCollection AddRequestBodySchemas(this IServiceCollection services)
    {
        // Only the document uses these options: every emulator route reads and writes with its own context.
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Discord ignores members it does not know (it adds fields without notice), so does the emulator.
            json.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, DiscordJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, WorldJsonContext.Default);
        });
        services.AddOpenApi(options => options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { DeclaringType: var declaring, Name: var name } && RequestBodyLimits.For(declaring, name) is { } limit)
            {
                Bound(schema, context.JsonTypeInfo, limit);
            }

            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>A route reads <typeparamref name="T"/> as JSON (and, for messages, as multipart with <c>payload_json</c>).</summary>
    public static RouteHandlerBuilder AcceptsBody<T>(this RouteHandlerBuilder route, bool multipart = false) where T : notnull =>
        multipart ? route.Accepts<T>("application/json", "multipart/form-data") : route.Accepts<T>("application/json");

    private static void Bound(OpenApiSchema schema, JsonTypeInfo type, RequestBodyLimits.Limit limit)
    {
        if (type.Type == typeof(string))
        {
            schema.MinLength = (int)limit.Min;
            schema.MaxLength = (int)limit.Max;
        }
        else if (type.Kind == JsonTypeInfoKind.Enumerable)
        {
            schema.MinItems = (int)limit.Min;
            schema.MaxItems = (int)limit.Max;
        }
        else
        {
            schema.Minimum = limit.Min.ToString(CultureInfo.InvariantCulture);
            schema.Maximum = limit.Max.ToString(CultureInfo.InvariantCulture);
        }
    }
}
