using System.Buffers;

namespace Cortex.Discord.Codecs;

/// <summary>
/// Reads and writes the gateway envelope (<c>op</c>, <c>d</c>, <c>s</c>, <c>t</c>) in one encoding.
/// Both the client and the emulator use these, so they agree byte for byte.
/// </summary>
public interface IGatewayCodec
{
    /// <summary>The encoding this codec speaks.</summary>
    GatewayEncoding Encoding { get; }

    /// <summary>Decodes one complete (already decompressed) payload.</summary>
    /// <exception cref="GatewayDecodeException">The payload is malformed.</exception>
    GatewayFrame Decode(ReadOnlySpan<byte> payload);

    /// <summary>Encodes one payload whose <c>d</c> is given as UTF-8 JSON (empty for <c>null</c>).</summary>
    void Encode(IBufferWriter<byte> output, int opcode, ReadOnlySpan<byte> dataJson, int? sequence = null, string? eventName = null);
}

/// <summary>Creates codecs.</summary>
public static class GatewayCodecs
{
    /// <summary>A codec for a client (Cortex's shard): ETF map keys are sent as binaries, as Discord requires.</summary>
    public static IGatewayCodec ForClient(GatewayEncoding encoding) =>
        encoding == GatewayEncoding.Etf ? new EtfGatewayCodec(atomKeys: false, snowflakesAsIntegers: false) : new JsonGatewayCodec();

    /// <summary>A codec for the server side (the emulator): ETF keys as atoms, snowflakes as 64-bit integers, as Discord sends them.</summary>
    public static IGatewayCodec ForServer(GatewayEncoding encoding) =>
        encoding == GatewayEncoding.Etf ? new EtfGatewayCodec(atomKeys: true, snowflakesAsIntegers: true) : new JsonGatewayCodec();
}
