using System.Text;
using System.Text.Json;
using Cortex.Discord.Codecs;
using Cortex.Discord.Codecs.Etf;

namespace Cortex.Tests.Discord.Codecs;

/// <summary>The ETF decoder on terms built byte by byte from the erl_ext_dist specification.</summary>
public sealed class EtfDecoderTests
{
    [Theory]
    [InlineData(new byte[] { 131, 97, 42 }, "42")]
    [InlineData(new byte[] { 131, 98, 0xff, 0xff, 0xff, 0xfe }, "-2")]
    [InlineData(new byte[] { 131, 98, 0x00, 0x01, 0x00, 0x00 }, "65536")]
    [InlineData(new byte[] { 131, 70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0 }, "1.5")]
    [InlineData(new byte[] { 131, 119, 4, (byte)'t', (byte)'r', (byte)'u', (byte)'e' }, "true")]
    [InlineData(new byte[] { 131, 115, 5, (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' }, "false")]
    [InlineData(new byte[] { 131, 100, 0, 3, (byte)'n', (byte)'i', (byte)'l' }, "null")]
    [InlineData(new byte[] { 131, 118, 0, 2, (byte)'o', (byte)'k' }, "\"ok\"")]
    [InlineData(new byte[] { 131, 109, 0, 0, 0, 2, (byte)'h', (byte)'i' }, "\"hi\"")]
    [InlineData(new byte[] { 131, 107, 0, 2, 1, 2 }, "\"\\u0001\\u0002\"")]
    [InlineData(new byte[] { 131, 106 }, "[]")]
    [InlineData(new byte[] { 131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 106 }, "[1,2]")]
    [InlineData(new byte[] { 131, 104, 2, 97, 1, 109, 0, 0, 0, 1, (byte)'x' }, "[1,\"x\"]")]
    [InlineData(new byte[] { 131, 116, 0, 0, 0, 0 }, "{}")]
    public void Decodes_each_term_to_its_json(byte[] term, string json) =>
        Assert.Equal(json, ToJson(term));

    [Fact]
    public void Big_integers_become_decimal_strings_like_snowflakes_in_discords_json()
    {
        // 175928847299117063 = 0x0271065AC1020007: 8 bytes little-endian, sign 0.
        byte[] snowflake = [131, 110, 8, 0, 0x07, 0x00, 0x02, 0xc1, 0x5a, 0x06, 0x71, 0x02];
        Assert.Equal("\"175928847299117063\"", ToJson(snowflake));
        byte[] negative = [131, 110, 1, 1, 5];
        Assert.Equal("\"-5\"", ToJson(negative));
        byte[] large = [131, 111, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        Assert.Equal("\"18446744073709551616\"", ToJson(large));
    }

    [Fact]
    public void Maps_take_atom_binary_and_integer_keys()
    {
        byte[] map =
        [
            131, 116, 0, 0, 0, 3,
            119, 2, (byte)'i', (byte)'d', 110, 8, 0, 0x07, 0x00, 0x02, 0xc1, 0x5a, 0x06, 0x71, 0x02,
            109, 0, 0, 0, 4, (byte)'n', (byte)'a', (byte)'m', (byte)'e', 109, 0, 0, 0, 3, (byte)'b', (byte)'o', (byte)'t',
            97, 7, 119, 3, (byte)'n', (byte)'i', (byte)'l',
        ];
        Assert.Equal("""{"id":"175928847299117063","name":"bot","7":null}""", ToJson(map));
    }

    [Fact]
    public void A_compressed_term_is_inflated()
    {
        byte[] inner = [109, 0, 0, 0, 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];
        using var compressedBody = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressedBody, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(inner);
        }

        byte[] term = [131, 80, 0, 0, 0, (byte)inner.Length, .. compressedBody.ToArray()];
        Assert.Equal("\"hello\"", ToJson(term));
    }

    [Theory]
    [InlineData(new byte[] { 97, 1 })]
    [InlineData(new byte[] { 131, 109, 0, 0, 0, 9, 1 })]
    [InlineData(new byte[] { 131, 108, 0, 0, 0, 2, 97, 1 })]
    [InlineData(new byte[] { 131, 88, 1, 2, 3 })]
    [InlineData(new byte[] { 131, 97, 1, 97, 2 })]
    public void Malformed_or_unsupported_terms_are_decode_errors(byte[] term) =>
        Assert.Throws<GatewayDecodeException>(() => ToJson(term));

    [Fact]
    public void A_gateway_envelope_in_etf_decodes_op_s_t_and_d()
    {
        byte[] envelope =
        [
            131, 116, 0, 0, 0, 4,
            119, 1, (byte)'t', 109, 0, 0, 0, 5, (byte)'R', (byte)'E', (byte)'A', (byte)'D', (byte)'Y',
            119, 1, (byte)'s', 97, 1,
            119, 2, (byte)'o', (byte)'p', 97, 0,
            119, 1, (byte)'d', 116, 0, 0, 0, 1, 119, 1, (byte)'v', 97, 10,
        ];
        var frame = GatewayCodecs.ForClient(GatewayEncoding.Etf).Decode(envelope);
        Assert.Equal(0, frame.Opcode);
        Assert.Equal(1, frame.Sequence);
        Assert.Equal("READY", frame.EventName);
        Assert.Equal("""{"v":10}""", Encoding.UTF8.GetString(frame.Data.Span));
    }

    private static string ToJson(byte[] term)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            try
            {
                EtfToJson.Transcode(term, writer);
            }
            catch (InvalidOperationException ex)
            {
                throw new GatewayDecodeException("invalid", ex);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
