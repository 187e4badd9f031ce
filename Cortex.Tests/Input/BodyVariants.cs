using System.Globalization;
using System.Text.Json.Nodes;

namespace Cortex.Tests.Input;

/// <summary>Malformed bodies for one operation, from its schema and one valid body.</summary>
internal static class BodyVariants
{
    public sealed record Body(string Name, string? Text, string? ContentType, Expectation Expected);

    private const string Json = "application/json";

    private const string RawPlaceholder = "raw-value-placeholder-7f3a";

    public static IEnumerable<Body> For(ApiOperation operation, JsonObject valid)
    {
        var text = valid.ToJsonString();
        yield return new("not JSON", "{not json", Json, Expectation.Invalid);
        yield return new("empty", "", Json, Expectation.Invalid);
        yield return new("null", "null", Json, Expectation.Invalid);
        yield return new("array", "[]", Json, Expectation.Invalid);
        yield return new("string", "\"x\"", Json, Expectation.Invalid);
        yield return new("number", "42", Json, Expectation.Invalid);
        yield return new("truncated", text[..^1], Json, Expectation.Invalid);
        yield return new("trailing comma", text[..^1] + ",}", Json, Expectation.Invalid);
        yield return new("comment", "/* c */" + text, Json, Expectation.Invalid);
        yield return new("raw NUL byte", text[..^1] + "\u0000}", Json, Expectation.Invalid);
        yield return new("deep nesting", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), Json, Expectation.Invalid);
        yield return new("deep array", "[" + string.Concat(Enumerable.Repeat("[", 500)) + new string(']', 501), Json, Expectation.Invalid);
        yield return new("100 kB key", "{\"" + new string('k', 100_000) + "\":1}", Json, Expectation.Invalid);
        yield return new("unknown member", With(valid, "unexpectedMember", 1), Json, Expectation.Invalid);
        yield return new("text/plain", text, "text/plain", Expectation.Invalid);
        yield return new("form content type", text, "application/x-www-form-urlencoded", Expectation.Invalid);
        yield return new("no content type", text, null, Expectation.Invalid);
        yield return new("multipart without boundary", text, "multipart/form-data", Expectation.Invalid);
        if (valid.Count == 0)
        {
            yield break;
        }

        var (first, firstValue) = valid.First();
        yield return new("duplicate key", text[..^1] + $",\"{first}\":{Other(firstValue)}}}", Json, Expectation.Invalid);
        var recased = new JsonObject(valid.Select(p => KeyValuePair.Create(char.IsLower(p.Key[0]) ? char.ToUpperInvariant(p.Key[0]) + p.Key[1..] : p.Key.ToLowerInvariant(), p.Value?.DeepClone())));
        yield return new("other-case names", recased.ToJsonString(), Json, Expectation.Invalid);

        var properties = operation.Body!["properties"]?.AsObject() ?? new JsonObject();
        foreach (var (name, schemaNode) in properties)
        {
            var schema = ApiOperation.Resolve(schemaNode?.AsObject(), null) ?? [];
            var required = operation.BodyRequired.Contains(name);
            var missing = (JsonObject)valid.DeepClone();
            missing.Remove(name);
            yield return new($"missing {name}", missing.ToJsonString(), Json, required ? Expectation.Invalid : Expectation.Either);
            foreach (var (label, value, expected) in ValueVariants(schema))
            {
                // Spliced in as text: several of these (NaN, +1, 007) are not JSON at all.
                var changed = (JsonObject)valid.DeepClone();
                changed[name] = RawPlaceholder;
                yield return new($"{name}={label}", changed.ToJsonString().Replace("\"" + RawPlaceholder + "\"", value ?? "null", StringComparison.Ordinal), Json, expected);
            }
        }
    }

    /// <summary>Values that break a property of this schema (or may, where the schema does not say).</summary>
    public static IEnumerable<(string Label, string? Json, Expectation Expected)> ValueVariants(JsonObject schema)
    {
        var types = schema.Types();
        var nullable = types.Contains("null");
        yield return ("null", null, nullable ? Expectation.Either : Expectation.Invalid);
        foreach (var (label, json, type) in new[] { ("string", "\"abc\"", "string"), ("true", "true", "boolean"), ("array", "[]", "array"), ("object", "{}", "object") })
        {
            if (!types.Contains(type) && !(type == "string" && schema["enum"] is not null) && !(type == "object" && types.Count == 0))
            {
                yield return (label, json, Expectation.Invalid);
            }
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            var integer = types.Contains("integer");
            var strings = types.Contains("string");
            yield return ("2^63", "9223372036854775808", integer ? Expectation.Invalid : Expectation.Either);
            yield return ("-2^63-1", "-9223372036854775809", integer ? Expectation.Invalid : Expectation.Either);
            yield return ("1e309", "1e309", Expectation.Invalid);
            yield return ("1.5", "1.5", integer ? Expectation.Invalid : Expectation.Either);
            yield return ("numeric string", "\"1\"", strings ? Expectation.Either : Expectation.Invalid);
            yield return ("padded numeric string", "\" 1\"", Expectation.Invalid);
            foreach (var (label, json) in new[] { ("1E2", "1E2"), ("NaN", "NaN"), ("Infinity", "Infinity"), ("leading zero", "007"), ("plus sign", "+1"), ("hex", "0x10"), ("separator", "1_000") })
            {
                yield return (label, json, label == "1E2" && !integer ? Expectation.Either : Expectation.Invalid);
            }

            var min = schema.Bound("minimum");
            var max = schema.Bound("maximum");
            yield return ("-1", "-1", min is >= 0 ? Expectation.Invalid : Expectation.Either);
            yield return ("0", "0", min is >= 1 ? Expectation.Invalid : Expectation.Either);
            if (max is { } m && m < 1e15m)
            {
                yield return ("max+1", (m + 1).ToString(CultureInfo.InvariantCulture), Expectation.Invalid);
            }
        }

        if (types.Contains("string") && !types.Contains("integer"))
        {
            var bounded = schema["maxLength"] is not null || schema["pattern"] is not null || schema["enum"] is not null;
            yield return ("100 kB string", "\"" + new string('x', 100_000) + "\"", bounded ? Expectation.Invalid : Expectation.Either);
            yield return ("NUL", "\"a\\u0000b\"", schema["pattern"] is not null || schema["enum"] is not null ? Expectation.Invalid : Expectation.Either);
            yield return ("control chars", "\"\\u0007\\u001b[31m\"", schema["pattern"] is not null || schema["enum"] is not null ? Expectation.Invalid : Expectation.Either);
            yield return ("number", "3", Expectation.Invalid);
            yield return ("lone surrogate", "\"\\ud800\"", Expectation.Either);
            yield return ("1.1 MB string", "\"" + new string('x', 1_100_000) + "\"", Expectation.Invalid);
        }

        if (types.Contains("boolean"))
        {
            yield return ("1", "1", Expectation.Invalid);
            yield return ("\"true\"", "\"true\"", Expectation.Invalid);
        }

        if (types.Contains("array"))
        {
            yield return ("[null]", "[null]", Expectation.Either);
            yield return ("10,000 items", "[" + string.Join(",", Enumerable.Repeat("1", 10_000)) + "]", schema["maxItems"] is not null ? Expectation.Invalid : Expectation.Either);
        }
    }

    private static string With(JsonObject valid, string name, JsonNode? value)
    {
        var copy = (JsonObject)valid.DeepClone();
        copy[name] = value;
        return copy.ToJsonString();
    }

    private static string Other(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => (n + 1).ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "false" : "true",
        JsonValue v when v.TryGetValue<string>(out var s) => "\"" + s + "x\"",
        _ => "null",
    };
}
