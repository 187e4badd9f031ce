using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Cortex.Discord.Codecs.Etf;

/// <summary>
/// Transcodes ETF terms straight into a <see cref="Utf8JsonWriter"/>, so the rest of Cortex sees one
/// format. Mapping: maps → objects (atom, binary or integer keys become names), lists and tuples →
/// arrays, binaries → strings, atoms <c>true</c>/<c>false</c>/<c>nil</c> → booleans and null, other atoms →
/// strings, big integers (snowflakes) → decimal strings as in Discord's JSON, small integers → numbers.
/// </summary>
public static class EtfToJson
{
    private const int MaxDepth = 128;

    /// <summary>Transcodes a whole ETF document (version byte first) to JSON.</summary>
    public static void Transcode(ReadOnlySpan<byte> document, Utf8JsonWriter writer)
    {
        var position = ExpectVersion(document);
        WriteTerm(document, ref position, writer, 0);
        if (position != document.Length)
        {
            throw new GatewayDecodeException("Trailing bytes after the ETF term.");
        }
    }

    /// <summary>Checks the version byte and returns the offset of the first term.</summary>
    public static int ExpectVersion(ReadOnlySpan<byte> document) =>
        document.Length > 0 && document[0] == EtfTag.Version
            ? 1
            : throw new GatewayDecodeException("The ETF payload does not start with version byte 131.");

    /// <summary>Writes the term at <paramref name="position"/> and advances past it.</summary>
    public static void WriteTerm(ReadOnlySpan<byte> data, ref int position, Utf8JsonWriter writer, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new GatewayDecodeException("The ETF term is nested too deeply.");
        }

        var tag = Byte(data, ref position);
        switch (tag)
        {
            case EtfTag.SmallInteger:
                writer.WriteNumberValue(Byte(data, ref position));
                break;
            case EtfTag.IntegerExt:
                writer.WriteNumberValue(BinaryPrimitives.ReadInt32BigEndian(Take(data, ref position, 4)));
                break;
            case EtfTag.NewFloat:
                writer.WriteNumberValue(BinaryPrimitives.ReadDoubleBigEndian(Take(data, ref position, 8)));
                break;
            case EtfTag.FloatExt:
                var text = Encoding.ASCII.GetString(Take(data, ref position, 31)).TrimEnd('\0');
                writer.WriteNumberValue(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
                break;
            case EtfTag.Atom or EtfTag.AtomUtf8:
                WriteAtom(Take(data, ref position, ReadUInt16(data, ref position)), writer, tag == EtfTag.Atom);
                break;
            case EtfTag.SmallAtom or EtfTag.SmallAtomUtf8:
                WriteAtom(Take(data, ref position, Byte(data, ref position)), writer, tag == EtfTag.SmallAtom);
                break;
            case EtfTag.Binary:
                writer.WriteStringValue(Take(data, ref position, ReadLength(data, ref position)));
                break;
            case EtfTag.StringExt:
                WriteLatin1(Take(data, ref position, ReadUInt16(data, ref position)), writer);
                break;
            case EtfTag.Nil:
                writer.WriteStartArray();
                writer.WriteEndArray();
                break;
            case EtfTag.List:
                WriteList(data, ref position, writer, depth);
                break;
            case EtfTag.SmallTuple or EtfTag.LargeTuple:
                var arity = tag == EtfTag.SmallTuple ? Byte(data, ref position) : ReadLength(data, ref position);
                writer.WriteStartArray();
                for (var i = 0; i < arity; i++)
                {
                    WriteTerm(data, ref position, writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case EtfTag.Map:
                WriteMap(data, ref position, writer, depth);
                break;
            case EtfTag.SmallBig or EtfTag.LargeBig:
                WriteBig(data, ref position, writer, tag == EtfTag.SmallBig);
                break;
            case EtfTag.Compressed:
                WriteCompressed(data, ref position, writer, depth);
                break;
            default:
                throw new GatewayDecodeException($"ETF tag {tag} is not supported.");
        }
    }

    private static void WriteList(ReadOnlySpan<byte> data, ref int position, Utf8JsonWriter writer, int depth)
    {
        var count = ReadLength(data, ref position);
        writer.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            WriteTerm(data, ref position, writer, depth + 1);
        }

        // A proper list ends in NIL; an improper tail is kept as a last element rather than lost.
        if (Peek(data, position) == EtfTag.Nil)
        {
            position++;
        }
        else
        {
            WriteTerm(data, ref position, writer, depth + 1);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(ReadOnlySpan<byte> data, ref int position, Utf8JsonWriter writer, int depth)
    {
        var pairs = ReadLength(data, ref position);
        writer.WriteStartObject();
        for (var i = 0; i < pairs; i++)
        {
            WriteKey(data, ref position, writer);
            WriteTerm(data, ref position, writer, depth + 1);
        }

        writer.WriteEndObject();
    }

    private static void WriteKey(ReadOnlySpan<byte> data, ref int position, Utf8JsonWriter writer)
    {
        var tag = Byte(data, ref position);
        switch (tag)
        {
            case EtfTag.Binary:
                writer.WritePropertyName(Take(data, ref position, ReadLength(data, ref position)));
                break;
            case EtfTag.Atom or EtfTag.AtomUtf8:
                writer.WritePropertyName(Take(data, ref position, ReadUInt16(data, ref position)));
                break;
            case EtfTag.SmallAtom or EtfTag.SmallAtomUtf8:
                writer.WritePropertyName(Take(data, ref position, Byte(data, ref position)));
                break;
            case EtfTag.SmallInteger:
                writer.WritePropertyName(Byte(data, ref position).ToString(CultureInfo.InvariantCulture));
                break;
            case EtfTag.IntegerExt:
                writer.WritePropertyName(BinaryPrimitives.ReadInt32BigEndian(Take(data, ref position, 4)).ToString(CultureInfo.InvariantCulture));
                break;
            case EtfTag.SmallBig or EtfTag.LargeBig:
                writer.WritePropertyName(ReadBig(data, ref position, tag == EtfTag.SmallBig).ToString(CultureInfo.InvariantCulture));
                break;
            case EtfTag.StringExt:
                writer.WritePropertyName(Encoding.Latin1.GetString(Take(data, ref position, ReadUInt16(data, ref position))));
                break;
            default:
                throw new GatewayDecodeException($"ETF map key with tag {tag} cannot be a JSON property name.");
        }
    }

    private static void WriteAtom(ReadOnlySpan<byte> name, Utf8JsonWriter writer, bool latin1)
    {
        if (name.SequenceEqual("true"u8))
        {
            writer.WriteBooleanValue(true);
        }
        else if (name.SequenceEqual("false"u8))
        {
            writer.WriteBooleanValue(false);
        }
        else if (name.SequenceEqual("nil"u8) || name.SequenceEqual("null"u8))
        {
            writer.WriteNullValue();
        }
        else if (latin1)
        {
            WriteLatin1(name, writer);
        }
        else
        {
            writer.WriteStringValue(name);
        }
    }

    private static void WriteLatin1(ReadOnlySpan<byte> bytes, Utf8JsonWriter writer) =>
        writer.WriteStringValue(Encoding.Latin1.GetString(bytes));

    private static void WriteBig(ReadOnlySpan<byte> data, ref int position, Utf8JsonWriter writer, bool small)
    {
        // Snowflakes arrive as 64-bit integers; Discord's JSON (and Cortex's models) carry them as strings.
        Span<byte> digits = stackalloc byte[32];
        var start = position;
        var count = small ? Byte(data, ref position) : ReadLength(data, ref position);
        var sign = Byte(data, ref position);
        if (count <= 8)
        {
            var magnitude = Take(data, ref position, count);
            ulong value = 0;
            for (var i = count - 1; i >= 0; i--)
            {
                value = (value << 8) | magnitude[i];
            }

            var offset = 0;
            if (sign != 0 && value != 0)
            {
                digits[offset++] = (byte)'-';
            }

            value.TryFormat(digits[offset..], out var written, default, CultureInfo.InvariantCulture);
            writer.WriteStringValue(digits[..(offset + written)]);
            return;
        }

        position = start;
        writer.WriteStringValue(ReadBig(data, ref position, small).ToString(CultureInfo.InvariantCulture));
    }

    private static BigInteger ReadBig(ReadOnlySpan<byte> data, ref int position, bool small)
    {
        var count = small ? Byte(data, ref position) : ReadLength(data, ref position);
        var sign = Byte(data, ref position);
        var value = new BigInteger(Take(data, ref position, count), isUnsigned: true, isBigEndian: false);
        return sign == 0 ? value : -value;
    }

    private static void WriteCompressed(ReadOnlySpan<byte> data, ref int position, Utf8JsonWriter writer, int depth)
    {
        var size = ReadLength(data, ref position);
        var compressed = data[position..].ToArray();
        var inflated = new byte[size];
        using (var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            zlib.ReadExactly(inflated);
        }

        // The compressed term runs to the end of the payload: Discord never nests one inside another term.
        position = data.Length;
        var inner = 0;
        WriteTerm(inflated, ref inner, writer, depth + 1);
    }

    private static byte Byte(ReadOnlySpan<byte> data, ref int position) =>
        position < data.Length ? data[position++] : throw Truncated();

    private static byte Peek(ReadOnlySpan<byte> data, int position) =>
        position < data.Length ? data[position] : throw Truncated();

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, ref int position) =>
        BinaryPrimitives.ReadUInt16BigEndian(Take(data, ref position, 2));

    private static int ReadLength(ReadOnlySpan<byte> data, ref int position)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(Take(data, ref position, 4));
        return length <= int.MaxValue ? (int)length : throw Truncated();
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int position, int count)
    {
        if (count < 0 || position + count > data.Length)
        {
            throw Truncated();
        }

        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }

    private static GatewayDecodeException Truncated() => new("The ETF payload is truncated or has an impossible length.");
}
