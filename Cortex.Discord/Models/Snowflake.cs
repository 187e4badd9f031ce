using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Discord.Models;

/// <summary>A Discord id. On the wire it is a string (64-bit integers do not survive JavaScript).</summary>
[JsonConverter(typeof(SnowflakeJsonConverter))]
public readonly record struct Snowflake(ulong Value) : IComparable<Snowflake>, ISpanFormattable
{
    /// <summary>Discord's epoch, 2015-01-01T00:00:00Z, in Unix milliseconds.</summary>
    public const long DiscordEpochMilliseconds = 1420070400000;

    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds((long)(Value >> 22) + DiscordEpochMilliseconds);

    public static Snowflake Parse(string text) => new(ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));

    public static bool TryParse(string? text, out Snowflake snowflake)
    {
        var ok = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value);
        snowflake = new Snowflake(value);
        return ok;
    }

    public int CompareTo(Snowflake other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The digits, as <see cref="ulong.ToString(IFormatProvider?)"/> gives them: a drop-in where an id was a <c>ulong</c>.</summary>
    public string ToString(IFormatProvider? provider) => Value.ToString(provider);

    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Value.TryFormat(destination, out charsWritten, format, provider);

    public static implicit operator ulong(Snowflake snowflake) => snowflake.Value;

    public static implicit operator Snowflake(ulong value) => new(value);

    public static bool operator <(Snowflake left, Snowflake right) => left.Value < right.Value;

    public static bool operator >(Snowflake left, Snowflake right) => left.Value > right.Value;

    public static bool operator <=(Snowflake left, Snowflake right) => left.Value <= right.Value;

    public static bool operator >=(Snowflake left, Snowflake right) => left.Value >= right.Value;

    public static Snowflake FromUInt64(ulong value) => new(value);

    public ulong ToUInt64() => Value;
}

/// <summary>Reads a snowflake from a string (or, leniently, a number); writes a string.</summary>
public sealed class SnowflakeJsonConverter : JsonConverter<Snowflake>
{
    public override Snowflake Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new Snowflake(reader.GetUInt64());
        }

        if (reader.TokenType == JsonTokenType.String
            && Utf8Parser.TryParse(reader.ValueSpan, out ulong value, out var consumed)
            && consumed == reader.ValueSpan.Length)
        {
            return new Snowflake(value);
        }

        throw new JsonException("A snowflake must be a string of digits.");
    }

    public override void Write(Utf8JsonWriter writer, Snowflake value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value.Value, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }
}
