using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// Turns a <see cref="JsonException"/> into "which field, what is wrong", in words a client can act
/// on. The parser's own message is never passed on: it names .NET types and byte positions.
/// </summary>
public static partial class JsonInputErrors
{
    /// <summary>The field (a JSON path, <c>$</c> for the body itself) and the rule it broke.</summary>
    public static (string Field, string Rule) Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var path = string.IsNullOrEmpty(error.Path) ? "$" : error.Path;
        if (message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return (path, "appears more than once; send each property once");
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return (UnmappedName().Match(message) is { Success: true } m ? Join(path, m.Groups[1].Value) : path, "is not a member of this body (names are case-sensitive)");
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = QuotedNames().Matches(message[message.IndexOf("including", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value);
            return (string.Join(", ", names.Select(name => path == "$" ? "$." + name : path + "." + name)), "is required");
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return (path, $"is nested deeper than {StrictJson.MaxDepth} levels");
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullab", StringComparison.OrdinalIgnoreCase))
        {
            return (path, "must not be null");
        }

        if (ConvertedTo().Match(message) is { Success: true } conversion)
        {
            return (path, "must be " + Expected(conversion.Groups[1].Value));
        }

        return (path, "is not well-formed JSON of the expected shape");
    }

    private static string Join(string path, string name) => path == "$" || path.EndsWith("." + name, StringComparison.Ordinal) ? "$." + name.TrimStart('$', '.') : path;

    // Type names stay here: the client learns the JSON kind and range, never the .NET type.
    private static string Expected(string type) => type switch
    {
        "System.Int64" => $"a whole number from {long.MinValue} to {long.MaxValue}",
        "System.UInt64" => $"a whole number from 0 to {ulong.MaxValue}",
        "System.Int32" => $"a whole number from {int.MinValue} to {int.MaxValue}",
        "System.Double" or "System.Decimal" or "System.Single" => "a finite JSON number",
        "System.Boolean" => "true or false",
        "System.String" => "a JSON string",
        "System.DateTimeOffset" or "System.DateTime" => "an ISO 8601 timestamp",
        _ when type.Contains("Nullable", StringComparison.Ordinal) => "a value of the documented type or null",
        _ when type.Contains("Dictionary", StringComparison.Ordinal) => "a JSON object",
        _ when type.Contains("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "a JSON array",
        _ => "a value of the documented type",
    };

    [GeneratedRegex("The JSON value could not be converted to ([^.]+(?:\\.[A-Za-z0-9_`\\[\\]]+)*)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedName();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedNames();
}
