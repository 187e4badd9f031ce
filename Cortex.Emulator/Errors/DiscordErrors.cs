using System.Text;
using System.Text.Json;

namespace Cortex.Emulator.Errors;

/// <summary>
/// Discord's error bodies (discord-api-docs, "JSON Error Codes"): <c>{"message": "404: Not Found",
/// "code": 0}</c> for an HTTP-level refusal, and 50035 "Invalid Form Body" with an <c>errors</c>
/// object that mirrors the body's shape down to the field, whose <c>_errors</c> list says why.
/// </summary>
public static class DiscordErrors
{
    public const int InvalidFormBody = 50035;

    /// <summary>The nested <c>errors</c> object for one field path such as <c>embeds.0.title</c>.</summary>
    public static JsonElement FieldErrors(IEnumerable<(string Path, string Code, string Message)> fields)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (path, code, message) in fields)
        {
            var node = root;
            foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!node.TryGetValue(segment, out var child))
                {
                    node[segment] = child = new Dictionary<string, object>(StringComparer.Ordinal);
                }

                node = (Dictionary<string, object>)child;
            }

            if (!node.TryGetValue("_errors", out var list))
            {
                node["_errors"] = list = new List<(string, string)>();
            }

            ((List<(string, string)>)list).Add((code, message));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, root);
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    /// <summary>A field name as Discord spells it: <c>channelId</c> → <c>channel_id</c>, a JSON path's <c>$.</c> dropped.</summary>
    public static string FieldPath(string field)
    {
        var trimmed = field.TrimStart('$', '.').Replace('[', '.').Replace("]", "", StringComparison.Ordinal);
        var name = new StringBuilder(trimmed.Length + 4);
        foreach (var c in trimmed)
        {
            if (char.IsUpper(c))
            {
                name.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                name.Append(c);
            }
        }

        return name.Length == 0 ? "_body" : name.ToString();
    }

    private static void Write(Utf8JsonWriter writer, Dictionary<string, object> node)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in node)
        {
            writer.WritePropertyName(key);
            if (value is List<(string Code, string Message)> errors)
            {
                writer.WriteStartArray();
                foreach (var (code, message) in errors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("code", code);
                    writer.WriteString("message", message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
            else
            {
                Write(writer, (Dictionary<string, object>)value);
            }
        }

        writer.WriteEndObject();
    }
}
