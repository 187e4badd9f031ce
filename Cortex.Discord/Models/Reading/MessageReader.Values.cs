using System.Buffers.Text;
using System.Text.Json;

namespace Cortex.Discord.Models;

// Each reader of a value moves onto it first; false means "not the hot shape": the serializer then reads the payload.
public static partial class MessageReader
{
    /// <summary>How many ids of a snowflake list are gathered on the stack before it continues in a list.</summary>
    private const int FewSnowflakes = 8;

    /// <summary>The property name, when it is plain lowercase ASCII: the serializer matches names case-insensitively, this pass does not.</summary>
    private static bool PlainName(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = reader.ValueSpan;
        return !reader.ValueIsEscaped && !name.ContainsAnyInRange((byte)'A', (byte)'Z') && !name.ContainsAnyInRange((byte)0x80, (byte)0xFF);
    }

    private static bool Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
        return true;
    }

    /// <summary>A snowflake as <see cref="SnowflakeJsonConverter"/> reads it: a string of digits or a number; not null.</summary>
    private static bool Snowflake(ref Utf8JsonReader reader, out Snowflake? value)
    {
        reader.Read();
        return SnowflakeHere(ref reader, out value);
    }

    private static bool NullableSnowflake(ref Utf8JsonReader reader, out Snowflake? value)
    {
        reader.Read();
        value = null;
        return reader.TokenType == JsonTokenType.Null || SnowflakeHere(ref reader, out value);
    }

    private static bool SnowflakeHere(ref Utf8JsonReader reader, out Snowflake? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out ulong id, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            value = new Snowflake(id);
        }
        else if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var number))
        {
            value = new Snowflake(number);
        }

        return value is not null;
    }

    /// <summary>An array of snowflakes, or null.</summary>
    private static bool Snowflakes(ref Utf8JsonReader reader, out IReadOnlyList<Snowflake>? values)
    {
        values = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        // A message's role lists hold a few ids (none for most mention_roles): gathered on the stack and kept in an array of
        // their exact count, where a List grew to four and kept both; a longer list continues in a List.
        Span<Snowflake> few = stackalloc Snowflake[FewSnowflakes];
        var count = 0;
        List<Snowflake>? many = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!SnowflakeHere(ref reader, out var id))
            {
                return false;
            }

            if (count < FewSnowflakes)
            {
                few[count++] = id!.Value;
            }
            else
            {
                (many ??= [.. few]).Add(id!.Value);
            }
        }

        values = many is not null ? many : count == 0 ? Array.Empty<Snowflake>() : few[..count].ToArray();
        return true;
    }

    /// <summary>An empty array (<paramref name="empty"/>) or null: a list this pass leaves to the serializer when it has items.</summary>
    private static bool EmptyOrNull(ref Utf8JsonReader reader, out bool empty)
    {
        reader.Read();
        empty = reader.TokenType == JsonTokenType.StartArray;
        return reader.TokenType == JsonTokenType.Null || (empty && reader.Read() && reader.TokenType == JsonTokenType.EndArray);
    }

    private static bool String(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool Bool(ref Utf8JsonReader reader, out bool value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    private static bool NullableBool(ref Utf8JsonReader reader, out bool? value)
    {
        reader.Read();
        value = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;
    }

    private static bool Int(ref Utf8JsonReader reader, out int value)
    {
        reader.Read();
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
    }

    private static bool NullableInt(ref Utf8JsonReader reader, out int? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            value = number;
        }

        return value is not null || reader.TokenType == JsonTokenType.Null;
    }

    private static bool NullableLong(ref Utf8JsonReader reader, out long? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            value = number;
        }

        return value is not null || reader.TokenType == JsonTokenType.Null;
    }

    private static bool Time(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        reader.Read();
        value = default;
        return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out value);
    }

    private static bool NullableTime(ref Utf8JsonReader reader, out DateTimeOffset? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var time))
        {
            value = time;
        }

        return value is not null || reader.TokenType == JsonTokenType.Null;
    }

    /// <summary>A value Cortex passes through untouched, or null.</summary>
    private static bool Element(ref Utf8JsonReader reader, out JsonElement? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
        return true;
    }
}
