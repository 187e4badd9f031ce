using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Cortex.Discord.Codecs.Etf;

/// <summary>
/// Transcodes UTF-8 JSON to ETF terms. Objects → maps, arrays → lists (NIL when empty), strings →
/// binaries, integers → the smallest integer term, other numbers → NEW_FLOAT, true/false/null → atoms.
/// </summary>
/// <param name="AtomKeys">
/// Map keys as atoms (what Discord sends) rather than binaries (what Discord requires clients to send:
/// atom keys from a client are a 4002 decode error).
/// </param>
/// <param name="SnowflakesAsIntegers">
/// Digit strings under the fields Discord types as snowflakes (<see cref="SnowflakeKeys"/>) become 64-bit
/// integers, as Discord transmits snowflakes over ETF; every other string stays a binary.
/// </param>
public readonly record struct JsonToEtf(bool AtomKeys, bool SnowflakesAsIntegers)
{
    private const int MaxDepth = 128;

    /// <summary>Writes the version byte, then the JSON value as one term.</summary>
    public void TranscodeDocument(ReadOnlySpan<byte> json, PooledBufferWriter output)
    {
        output.Write(EtfTag.Version);
        TranscodeValue(json, output);
    }

    /// <summary>Writes one JSON value as a term (no version byte).</summary>
    public void TranscodeValue(ReadOnlySpan<byte> json, PooledBufferWriter output)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        try
        {
            if (!reader.Read())
            {
                throw new GatewayDecodeException("Empty JSON cannot be transcoded to ETF.");
            }

            WriteValue(ref reader, output, snowflake: false, 0);
        }
        catch (JsonException ex)
        {
            throw new GatewayDecodeException("The JSON to transcode to ETF is invalid.", ex);
        }
    }

    private void WriteValue(ref Utf8JsonReader reader, PooledBufferWriter output, bool snowflake, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new GatewayDecodeException("The JSON is nested too deeply for ETF.");
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, output, depth);
                break;
            case JsonTokenType.StartArray:
                WriteArray(ref reader, output, snowflake, depth);
                break;
            case JsonTokenType.String:
                WriteString(ref reader, output, snowflake);
                break;
            case JsonTokenType.Number:
                WriteNumber(ref reader, output);
                break;
            case JsonTokenType.True:
                WriteAtom(output, "true"u8);
                break;
            case JsonTokenType.False:
                WriteAtom(output, "false"u8);
                break;
            case JsonTokenType.Null:
                WriteAtom(output, "nil"u8);
                break;
            default:
                throw new GatewayDecodeException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private void WriteObject(ref Utf8JsonReader reader, PooledBufferWriter output, int depth)
    {
        output.Write(EtfTag.Map);
        var countAt = output.WrittenCount;
        output.GetSpan(4);
        output.Advance(4);
        uint pairs = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Unescaped(ref reader);
            var snowflake = SnowflakesAsIntegers && SnowflakeKeys.Contains(name);
            if (AtomKeys && System.Text.Ascii.IsValid(name))
            {
                WriteAtom(output, name);
            }
            else
            {
                output.Write(EtfTag.Binary);
                WriteUInt32(output, (uint)name.Length);
                output.Write(name);
            }

            reader.Read();
            WriteValue(ref reader, output, snowflake, depth + 1);
            pairs++;
        }

        BinaryPrimitives.WriteUInt32BigEndian(output.WrittenSpanForPatching.Slice(countAt, 4), pairs);
    }

    private void WriteArray(ref Utf8JsonReader reader, PooledBufferWriter output, bool snowflakes, int depth)
    {
        var headerAt = output.WrittenCount;
        output.Write(EtfTag.List);
        output.GetSpan(4);
        output.Advance(4);
        uint count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            WriteValue(ref reader, output, snowflakes, depth + 1);
            count++;
        }

        if (count == 0)
        {
            output.Truncate(headerAt);
            output.Write(EtfTag.Nil);
            return;
        }

        BinaryPrimitives.WriteUInt32BigEndian(output.WrittenSpanForPatching.Slice(headerAt + 1, 4), count);
        output.Write(EtfTag.Nil);
    }

    private static void WriteString(ref Utf8JsonReader reader, PooledBufferWriter output, bool snowflake)
    {
        if (snowflake && !reader.ValueIsEscaped && !reader.HasValueSequence
            && System.Buffers.Text.Utf8Parser.TryParse(reader.ValueSpan, out ulong id, out var consumed)
            && consumed == reader.ValueSpan.Length)
        {
            WriteUInt64(output, id);
            return;
        }

        output.Write(EtfTag.Binary);
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            WriteUInt32(output, (uint)reader.ValueSpan.Length);
            output.Write(reader.ValueSpan);
            return;
        }

        var text = Encoding.UTF8.GetBytes(reader.GetString()!);
        WriteUInt32(output, (uint)text.Length);
        output.Write(text);
    }

    private static void WriteNumber(ref Utf8JsonReader reader, PooledBufferWriter output)
    {
        if (reader.TryGetInt64(out var integer))
        {
            WriteInteger(output, integer);
        }
        else if (reader.TryGetUInt64(out var unsigned))
        {
            WriteUInt64(output, unsigned);
        }
        else
        {
            output.Write(EtfTag.NewFloat);
            BinaryPrimitives.WriteDoubleBigEndian(output.GetSpan(8), reader.GetDouble());
            output.Advance(8);
        }
    }

    /// <summary>Writes an integer as SMALL_INTEGER, INTEGER or SMALL_BIG, whichever fits.</summary>
    public static void WriteInteger(PooledBufferWriter output, long value)
    {
        if (value is >= 0 and <= 255)
        {
            output.Write(EtfTag.SmallInteger);
            output.Write((byte)value);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            output.Write(EtfTag.IntegerExt);
            BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), (int)value);
            output.Advance(4);
        }
        else
        {
            WriteBig(output, value < 0 ? (ulong)-value : (ulong)value, negative: value < 0);
        }
    }

    /// <summary>Writes an unsigned 64-bit integer (a snowflake) as SMALL_BIG.</summary>
    public static void WriteUInt64(PooledBufferWriter output, ulong value) => WriteBig(output, value, negative: false);

    private static void WriteBig(PooledBufferWriter output, ulong magnitude, bool negative)
    {
        byte length = 0;
        for (var rest = magnitude; rest != 0; rest >>= 8)
        {
            length++;
        }

        output.Write(EtfTag.SmallBig);
        output.Write(length);
        output.Write(negative ? (byte)1 : (byte)0);
        for (var i = 0; i < length; i++)
        {
            output.Write((byte)(magnitude >> (8 * i)));
        }
    }

    /// <summary>
    /// Writes an ASCII atom as erlpack does: SMALL_ATOM_EXT up to 255 bytes, ATOM_EXT beyond. erlpack 0.1.4
    /// rejects the UTF-8 atom tags (118, 119), so they are never written.
    /// </summary>
    public static void WriteAtom(PooledBufferWriter output, ReadOnlySpan<byte> name)
    {
        if (name.Length <= byte.MaxValue)
        {
            output.Write(EtfTag.SmallAtom);
            output.Write((byte)name.Length);
        }
        else
        {
            output.Write(EtfTag.Atom);
            BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), (ushort)name.Length);
            output.Advance(2);
        }

        output.Write(name);
    }

    private static void WriteUInt32(PooledBufferWriter output, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence ? reader.ValueSpan : Encoding.UTF8.GetBytes(reader.GetString()!);
}
