using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Cortex.Discord.Codecs.Etf;

namespace Cortex.Discord.Codecs;

/// <summary>
/// The ETF envelope. The top-level map is walked directly; only <c>d</c> is transcoded to JSON.
/// One instance per connection: it reuses its scratch buffers and is not thread-safe.
/// </summary>
public sealed class EtfGatewayCodec : IGatewayCodec, IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private readonly JsonToEtf _toEtf;
    private readonly PooledBufferWriter _json = new();
    private readonly PooledBufferWriter _etf = new();
    private readonly Utf8JsonWriter _jsonWriter;

    /// <summary>Creates a codec; see <see cref="GatewayCodecs"/> for the client and server variants.</summary>
    public EtfGatewayCodec(bool atomKeys, bool snowflakesAsIntegers)
    {
        _toEtf = new JsonToEtf(atomKeys, snowflakesAsIntegers);
        _jsonWriter = new Utf8JsonWriter(_json, WriterOptions);
    }

    /// <inheritdoc />
    public GatewayEncoding Encoding => GatewayEncoding.Etf;

    /// <inheritdoc />
    public GatewayFrame Decode(ReadOnlySpan<byte> payload)
    {
        var position = EtfToJson.ExpectVersion(payload);
        if (position >= payload.Length || payload[position++] != EtfTag.Map)
        {
            throw new GatewayDecodeException("An ETF gateway payload must be a map.");
        }

        var pairs = ReadUInt32(payload, ref position);
        int? opcode = null;
        int? sequence = null;
        string? eventName = null;
        ReadOnlyMemory<byte> data = default;
        for (var i = 0u; i < pairs; i++)
        {
            var key = ReadKey(payload, ref position);
            if (key.SequenceEqual("op"u8))
            {
                opcode = ReadInteger(payload, ref position);
            }
            else if (key.SequenceEqual("s"u8))
            {
                sequence = IsNil(payload, position, out var nil) ? SkipNil(ref position, nil) : ReadInteger(payload, ref position);
            }
            else if (key.SequenceEqual("t"u8))
            {
                eventName = IsNil(payload, position, out var nil) ? SkipNilName(ref position, nil) : EventNames.Get(ReadText(payload, ref position));
            }
            else
            {
                var isData = key.SequenceEqual("d"u8);
                _json.Clear();
                _jsonWriter.Reset(_json);
                try
                {
                    EtfToJson.WriteTerm(payload, ref position, _jsonWriter, 0);
                }
                catch (InvalidOperationException ex)
                {
                    throw new GatewayDecodeException("The ETF term cannot be represented as JSON.", ex);
                }
                catch (ArgumentException ex)
                {
                    throw new GatewayDecodeException("The ETF term holds invalid text.", ex);
                }

                _jsonWriter.Flush();
                if (isData)
                {
                    data = _json.ToArray();
                }
            }
        }

        return opcode is { } op
            ? new GatewayFrame(op, sequence, eventName, data)
            : throw new GatewayDecodeException("The gateway payload has no 'op'.");
    }

    /// <inheritdoc />
    public void Encode(IBufferWriter<byte> output, int opcode, ReadOnlySpan<byte> dataJson, int? sequence = null, string? eventName = null)
    {
        _etf.Clear();
        _etf.Write(EtfTag.Version);
        _etf.Write(EtfTag.Map);
        var countAt = _etf.WrittenCount;
        _etf.GetSpan(4);
        _etf.Advance(4);
        uint pairs = 0;
        if (eventName is not null)
        {
            WriteKey("t"u8);
            WriteBinary(System.Text.Encoding.UTF8.GetBytes(eventName));
            pairs++;
            WriteKey("s"u8);
            if (sequence is { } s)
            {
                JsonToEtf.WriteInteger(_etf, s);
            }
            else
            {
                WriteNil();
            }

            pairs++;
        }

        WriteKey("op"u8);
        JsonToEtf.WriteInteger(_etf, opcode);
        pairs++;
        WriteKey("d"u8);
        if (dataJson.IsEmpty)
        {
            WriteNil();
        }
        else
        {
            _toEtf.TranscodeValue(dataJson, _etf);
        }

        pairs++;
        BinaryPrimitives.WriteUInt32BigEndian(_etf.WrittenSpanForPatching.Slice(countAt, 4), pairs);
        output.Write(_etf.WrittenSpan);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _jsonWriter.Dispose();
        _json.Dispose();
        _etf.Dispose();
    }

    private void WriteKey(ReadOnlySpan<byte> name)
    {
        if (_toEtf.AtomKeys)
        {
            JsonToEtf.WriteAtom(_etf, name);
            return;
        }

        WriteBinary(name);
    }

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        _etf.Write(EtfTag.Binary);
        BinaryPrimitives.WriteUInt32BigEndian(_etf.GetSpan(4), (uint)value.Length);
        _etf.Advance(4);
        _etf.Write(value);
    }

    private void WriteNil() => JsonToEtf.WriteAtom(_etf, "nil"u8);

    /// <summary>nil in any of the four atom encodings.</summary>
    private static bool IsNil(ReadOnlySpan<byte> data, int position, out int length)
    {
        var header = position < data.Length && data[position] is EtfTag.Atom or EtfTag.AtomUtf8 ? 3 : 2;
        length = header + 3;
        return position + length <= data.Length
            && (data[position] is EtfTag.SmallAtom or EtfTag.SmallAtomUtf8 or EtfTag.Atom or EtfTag.AtomUtf8)
            && data[position + header - 1] == 3 && (header == 2 || data[position + 1] == 0)
            && data.Slice(position + header, 3).SequenceEqual("nil"u8);
    }

    private static int? SkipNil(ref int position, int length)
    {
        position += length;
        return null;
    }

    private static string? SkipNilName(ref int position, int length)
    {
        position += length;
        return null;
    }

    private static ReadOnlySpan<byte> ReadKey(ReadOnlySpan<byte> data, ref int position) => ReadText(data, ref position);

    private static ReadOnlySpan<byte> ReadText(ReadOnlySpan<byte> data, ref int position)
    {
        var tag = Byte(data, ref position);
        var length = tag switch
        {
            EtfTag.Binary => (int)ReadUInt32(data, ref position),
            EtfTag.Atom or EtfTag.AtomUtf8 or EtfTag.StringExt => ReadUInt16(data, ref position),
            EtfTag.SmallAtom or EtfTag.SmallAtomUtf8 => Byte(data, ref position),
            _ => throw new GatewayDecodeException($"Expected an ETF atom or binary, found tag {tag}."),
        };
        if (length < 0 || position + length > data.Length)
        {
            throw new GatewayDecodeException("The ETF payload is truncated.");
        }

        var text = data.Slice(position, length);
        position += length;
        return text;
    }

    private static int ReadInteger(ReadOnlySpan<byte> data, ref int position)
    {
        var tag = Byte(data, ref position);
        switch (tag)
        {
            case EtfTag.SmallInteger:
                return Byte(data, ref position);
            case EtfTag.IntegerExt:
                if (position + 4 > data.Length)
                {
                    throw new GatewayDecodeException("The ETF payload is truncated.");
                }

                var value = BinaryPrimitives.ReadInt32BigEndian(data.Slice(position, 4));
                position += 4;
                return value;
            default:
                throw new GatewayDecodeException($"Expected an ETF integer, found tag {tag}.");
        }
    }

    private static byte Byte(ReadOnlySpan<byte> data, ref int position) =>
        position < data.Length ? data[position++] : throw new GatewayDecodeException("The ETF payload is truncated.");

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, ref int position)
    {
        if (position + 2 > data.Length)
        {
            throw new GatewayDecodeException("The ETF payload is truncated.");
        }

        var value = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(position, 2));
        position += 2;
        return value;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> data, ref int position)
    {
        if (position + 4 > data.Length)
        {
            throw new GatewayDecodeException("The ETF payload is truncated.");
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(position, 4));
        position += 4;
        return value;
    }
}
