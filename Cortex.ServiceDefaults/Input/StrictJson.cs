using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// How Cortex's own HTTP APIs read JSON: a body means exactly one thing or is refused. No
/// duplicate property (the last one would silently win), no unknown member (a misspelt field would
/// silently be ignored), exact property names, no numbers spelt as strings, required constructor
/// parameters and non-nullable members really required. Discord's payloads are not read this way:
/// Discord adds fields without notice, so its models stay lenient.
/// </summary>
public static class StrictJson
{
    /// <summary>Nesting beyond this is refused; no Cortex body goes deeper than a few levels.</summary>
    public const int MaxDepth = 32;

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowDuplicateProperties = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.MaxDepth = MaxDepth;
        return options;
    }
}
