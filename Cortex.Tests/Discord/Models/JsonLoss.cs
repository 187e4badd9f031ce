using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cortex.Tests.Discord.Models;

/// <summary>
/// What a round trip lost or changed, comparing JSON trees. An absent key and a key holding Discord's
/// default for it (<c>null</c>, <c>[]</c>, <c>""</c>, <c>false</c>, <c>0</c>, "0") mean the same, either way round
/// (Cortex omits nulls and zero flags when writing); a timestamp may come back with other digits for the same instant.
/// </summary>
internal static class JsonLoss
{
    public static List<string> Compare(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        var losses = new List<string>();
        Walk(expected, actual, path, losses);
        return losses;
    }

    private static void Walk(JsonNode? expected, JsonNode? actual, string path, List<string> losses)
    {
        switch (expected)
        {
            case JsonObject source when actual is JsonObject written:
                foreach (var (key, value) in source)
                {
                    if (!written.TryGetPropertyValue(key, out var back))
                    {
                        if (!IsDefault(value))
                        {
                            losses.Add($"{path}.{key} lost ({value!.ToJsonString()})");
                        }

                        continue;
                    }

                    Walk(value, back, $"{path}.{key}", losses);
                }

                foreach (var (key, value) in written)
                {
                    if (!source.ContainsKey(key) && !IsDefault(value))
                    {
                        losses.Add($"{path}.{key} invented ({value!.ToJsonString()})");
                    }
                }

                break;
            case JsonArray source when actual is JsonArray written && source.Count == written.Count:
                for (var i = 0; i < source.Count; i++)
                {
                    Walk(source[i], written[i], $"{path}[{i}]", losses);
                }

                break;
            case JsonValue source when actual is JsonValue written && SameValue(source, written):
                break;
            case null when actual is null:
                break;
            default:
                losses.Add($"{path} changed from {expected?.ToJsonString() ?? "null"} to {actual?.ToJsonString() ?? "null"}");
                break;
        }
    }

    private static bool SameValue(JsonValue expected, JsonValue actual)
    {
        if (expected.GetValueKind() == JsonValueKind.Number && actual.GetValueKind() == JsonValueKind.Number)
        {
            return expected.GetValue<decimal>() == actual.GetValue<decimal>();
        }

        if (expected.ToJsonString() == actual.ToJsonString())
        {
            return true;
        }

        return expected.GetValueKind() == JsonValueKind.String && actual.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(expected.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var left)
            && DateTimeOffset.TryParse(actual.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var right)
            && left == right;
    }

    private static bool IsDefault(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False => true,
            JsonValueKind.Number => v.GetValue<decimal>() == 0,
            JsonValueKind.String => v.GetValue<string>() is "" or "0",
            _ => false,
        },
        _ => false,
    };
}
