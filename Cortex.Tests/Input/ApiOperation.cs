using System.Text.Json.Nodes;

namespace Cortex.Tests.Input;

/// <summary>One parameter of an operation as its OpenAPI document declares it.</summary>
internal sealed record ApiParameter(string Name, string In, bool Required, JsonObject Schema)
{
    public bool IsInteger => Schema.Types().Contains("integer");

    /// <summary>A 64-bit integer named <c>…Id</c>: the contract makes it a snowflake, 1 to 2^63-1.</summary>
    public bool IsSnowflake => IsInteger && Name.EndsWith("Id", StringComparison.OrdinalIgnoreCase) && Schema["format"]?.GetValue<string>() != "int32";
}

/// <summary>One operation of a service's OpenAPI document, its body schema resolved.</summary>
internal sealed record ApiOperation(string Service, string Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonObject? Body, IReadOnlyList<string> BodyRequired, IReadOnlyList<string> PathMethods)
{
    public override string ToString() => $"{Service} {Method} {Path}";

    /// <summary>Loads every operation of the document, <c>$ref</c>s resolved against its components.</summary>
    public static IReadOnlyList<ApiOperation> All(string service, JsonObject document)
    {
        var schemas = document["components"]?["schemas"]?.AsObject();
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var methods = item!.AsObject().Select(m => m.Key.ToUpperInvariant()).ToList();
            foreach (var (method, operation) in item.AsObject())
            {
                if (method is "parameters" or "summary" or "description")
                {
                    continue;
                }

                var parameters = (operation!["parameters"]?.AsArray() ?? new JsonArray()).Select(p => new ApiParameter(
                    p!["name"]!.GetValue<string>(),
                    p["in"]!.GetValue<string>(),
                    p["required"]?.GetValue<bool>() ?? false,
                    Resolve(p["schema"]?.AsObject(), schemas) ?? new JsonObject())).ToList();
                var body = Resolve(operation["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject(), schemas);
                var required = body?["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
                operations.Add(new ApiOperation(service, method.ToUpperInvariant(), path, parameters, body, required, methods));
            }
        }

        return operations;
    }

    public static JsonObject? Resolve(JsonObject? schema, JsonObject? schemas)
    {
        if (schema?["$ref"]?.GetValue<string>() is { } reference && schemas is not null)
        {
            return Resolve(schemas[reference.Split('/')[^1]]?.AsObject(), schemas);
        }

        return schema;
    }
}

internal static class SchemaExtensions
{
    /// <summary>A schema's types: OpenAPI 3.1 writes <c>["null", "integer"]</c>, 3.0 <c>"integer"</c> plus <c>nullable</c>.</summary>
    public static IReadOnlyList<string> Types(this JsonObject schema)
    {
        var types = schema["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        if (schema["nullable"]?.GetValue<bool>() == true)
        {
            types.Add("null");
        }

        return types;
    }

    public static decimal? Bound(this JsonObject schema, string name) => schema[name] switch
    {
        JsonValue value when value.TryGetValue<decimal>(out var number) => number,
        JsonValue value when value.TryGetValue<double>(out var real) => (decimal)Math.Clamp(real, (double)decimal.MinValue, (double)decimal.MaxValue),
        JsonValue value when value.TryGetValue<string>(out var text) && decimal.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
