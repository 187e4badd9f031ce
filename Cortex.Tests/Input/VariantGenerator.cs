using System.Globalization;
using System.Text.Json.Nodes;

namespace Cortex.Tests.Input;

/// <summary>
/// From one operation and one valid call, the malformed variants: bad path ids, out-of-range and
/// non-canonical query values, malformed and wrongly typed bodies, duplicate keys, unknown and
/// other-case members, nulls, missing required fields, huge strings, control characters, deep
/// nesting and wrong content types. Each says whether the contract makes it invalid.
/// </summary>
internal static class VariantGenerator
{
    public static readonly string[] BadIds = ["+7", "%207", "07", "-1", "0", "9223372036854775808", "18446744073709551616", "abc", "1.5", "1e3", "%00", "7%00", "0x10", "%2B7", "%EF%BC%97"];

    public static IEnumerable<FuzzVariant> For(ApiOperation operation, ValidCall valid)
    {
        var headers = valid.Headers;
        string? Json(JsonObject? body) => body?.ToJsonString();
        var validBody = Json(valid.Body);
        var contentType = operation.Body is null ? null : "application/json";
        yield return new FuzzVariant("valid", operation.Method, valid.Url(operation), validBody, contentType, Expectation.Valid, headers);

        foreach (var parameter in operation.Parameters.Where(p => p.In == "path" && p.IsInteger))
        {
            foreach (var bad in BadIds.Where(b => IsInvalidInteger(b, parameter)))
            {
                yield return new FuzzVariant($"path {parameter.Name}={bad}", operation.Method, valid.Url(operation, new Dictionary<string, string> { [parameter.Name] = bad }), validBody, contentType, Expectation.Invalid, headers);
            }
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "query" && p.IsInteger))
        {
            var others = valid.Query.Where(q => q.Key != parameter.Name).Select(q => $"{q.Key}={q.Value}").ToList();
            IEnumerable<string?> values = [.. BadIds, "", "1&" + parameter.Name + "=2", OutOfRange(parameter, below: true), OutOfRange(parameter, below: false)];
            foreach (var bad in values.OfType<string>().Distinct())
            {
                var query = string.Join("&", others.Append($"{parameter.Name}={bad}"));
                var expected = bad.StartsWith("1&", StringComparison.Ordinal) || IsInvalidInteger(bad, parameter) ? Expectation.Invalid : Expectation.Either;
                yield return new FuzzVariant($"query {parameter.Name}={bad}", operation.Method, valid.Url(operation, query: query), validBody, contentType, expected, headers);
            }
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "header" && p.Name == "Idempotency-Key"))
        {
            foreach (var bad in new[] { new string('k', 201), "key\u0001with-control", "" })
            {
                var withKey = new Dictionary<string, string>(headers) { [parameter.Name] = bad };
                yield return new FuzzVariant($"header {parameter.Name} ({bad.Length} chars)", operation.Method, valid.Url(operation), validBody, contentType, bad.Length == 0 ? Expectation.Either : Expectation.Invalid, withKey);
            }
        }

        foreach (var method in new[] { "GET", "POST", "PUT", "PATCH", "DELETE" }.Except(operation.PathMethods))
        {
            yield return new FuzzVariant("method " + method, method, valid.Url(operation), null, null, Expectation.Invalid, headers);
        }

        if (operation.Body is null)
        {
            yield break;
        }

        foreach (var variant in BodyVariants.For(operation, valid.Body!))
        {
            yield return new FuzzVariant("body " + variant.Name, operation.Method, valid.Url(operation), variant.Text, variant.ContentType, variant.Expected, headers);
        }
    }

    private static string? OutOfRange(ApiParameter parameter, bool below)
    {
        var bound = parameter.Schema.Bound(below ? "minimum" : "maximum");
        return bound is { } b && Math.Abs(b) < 1e15m ? (below ? b - 1 : b + 1).ToString(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Whether the text breaks the contract for this integer: not canonical decimal, or out of range.</summary>
    public static bool IsInvalidInteger(string text, ApiParameter parameter)
    {
        var decoded = Uri.UnescapeDataString(text);
        if (!System.Text.RegularExpressions.Regex.IsMatch(decoded, "^(0|-?[1-9][0-9]*)$") || !decimal.TryParse(decoded, CultureInfo.InvariantCulture, out var value))
        {
            return true;
        }

        var min = parameter.Schema.Bound("minimum") ?? (parameter.IsSnowflake ? 1 : decimal.MinValue);
        var max = parameter.Schema.Bound("maximum") ?? long.MaxValue;
        return value < min || value > Math.Min(max, long.MaxValue) || (parameter.IsSnowflake && value < 1)
            || (parameter.Schema["format"]?.GetValue<string>() == "int32" && value is > int.MaxValue or < int.MinValue);
    }
}
