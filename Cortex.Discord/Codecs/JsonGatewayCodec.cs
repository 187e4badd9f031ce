using System.Buffers;
using System.Text.Json;

namespace Cortex.Discord.Codecs;

/// <summary>
/// The JSON envelope: read with <see cref="Utf8JsonReader"/> (no reflection, no DOM), <c>d</c> kept as its raw bytes.
/// </summary>
public sealed class JsonGatewayCodec : IGatewayCodec
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <inheritdoc />
    public GatewayEncoding Encoding => GatewayEncoding.Json;

    /// <inheritdoc />
    public GatewayFrame Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return DecodeCore(payload);
        }
        catch (JsonException ex)
        {
            throw new GatewayDecodeException("The gateway payload is not valid JSON.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new GatewayDecodeException("A gateway envelope field has the wrong type.", ex);
        }
    }

    private static GatewayFrame DecodeCore(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new GatewayDecodeException("A gateway payload must be a JSON object.");
        }

        int? opcode = null;
        int? sequence = null;
        string? eventName = null;
        ReadOnlyMemory<byte> data = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("op"u8))
            {
                reader.Read();
                opcode = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                sequence = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
            }
            else if (reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                eventName = reader.TokenType == JsonTokenType.Null ? null : EventNameOf(ref reader);
            }
            else if (reader.ValueTextEquals("d"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;

                // Discord (and the emulator) put d last: then its end is found by bracket matching,
                // far cheaper than tokenizing a 40 KB GUILD_CREATE. Any other layout takes the full path.
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                    && JsonValueBounds.EndOf(payload, start) is > 0 and var end
                    && payload[end..].Trim(" \t\r\n"u8).SequenceEqual("}"u8))
                {
                    data = Copy(payload[start..end]);
                    break;
                }

                reader.Skip();
                data = Copy(payload[start..(int)reader.BytesConsumed]);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return opcode is { } op
            ? new GatewayFrame(op, sequence, eventName, data)
            : throw new GatewayDecodeException("The gateway payload has no 'op'.");
    }

    /// <summary>d's own copy (it outlives the receive buffer), not zeroed first: every byte is written at once.</summary>
    private static byte[] Copy(ReadOnlySpan<byte> bytes)
    {
        var copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }

    private static string EventNameOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new GatewayDecodeException("'t' must be a string.");
        }

        return reader.HasValueSequence || reader.ValueIsEscaped
            ? reader.GetString()!
            : EventNames.Get(reader.ValueSpan);
    }

    /// <inheritdoc />
    public void Encode(IBufferWriter<byte> output, int opcode, ReadOnlySpan<byte> dataJson, int? sequence = null, string? eventName = null)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        if (eventName is not null)
        {
            writer.WriteString("t"u8, eventName);
        }

        if (sequence is { } s)
        {
            writer.WriteNumber("s"u8, s);
        }
        else if (eventName is not null)
        {
            writer.WriteNull("s"u8);
        }

        writer.WriteNumber("op"u8, opcode);
        writer.WritePropertyName("d"u8);
        if (dataJson.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(dataJson, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }
}
