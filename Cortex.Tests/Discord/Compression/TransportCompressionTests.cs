using System.IO.Compression;
using System.Text;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Emulator.Gateway;

namespace Cortex.Tests.Discord.Compression;

/// <summary>zlib-stream and zstd-stream: one context per connection across many messages.</summary>
public sealed class TransportCompressionTests
{
    /// <summary>Every receiving side: zlib-stream through ZLibStream and on the runtime's zlib directly, and zstd-stream on the system's libzstd and on the managed port.</summary>
    public static TheoryData<string> Decoders() => [ZlibStream, ZlibNative, ZstdNative, ZstdManaged];

    internal const string ZlibStream = "zlib-stream";
    internal const string ZlibNative = "zlib-stream, runtime zlib direct";
    internal const string ZstdNative = "zstd-stream, libzstd";
    internal const string ZstdManaged = "zstd-stream, ZstdSharp";

    internal static ITransportDecompressor CreateDecompressor(string decoder) => decoder switch
    {
        ZlibStream => new ZlibStreamDecompressor(),
        ZlibNative => NativeZlibStreamDecompressor.TryCreate() ?? throw new InvalidOperationException("The runtime's libSystem.IO.Compression.Native did not load."),
        ZstdNative => NativeZstdStreamDecompressor.TryCreate() ?? throw new InvalidOperationException("libzstd.so.1 is not on this machine (Debian's dpkg depends on it)."),
        _ => new ZstdStreamDecompressor(),
    };

    internal static ITransportCompressor CreateCompressor(string decoder) =>
        decoder is ZlibStream or ZlibNative ? new ZlibStreamCompressor() : new ZstdStreamCompressor();

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Every_payload_of_a_stream_decompresses_with_one_context(string compression)
    {
        using var compressor = CreateCompressor(compression);
        using var decompressor = CreateDecompressor(compression);
        using var message = new PooledBufferWriter();
        using var payload = new PooledBufferWriter();
        var totalIn = 0;
        var totalOut = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var (_, data) in RecordedEventMix.All)
            {
                message.Clear();
                payload.Clear();
                compressor.Compress(data, message);
                Assert.True(decompressor.TryDecompress(message.ToArray(), payload));
                Assert.Equal(data, payload.ToArray());
                totalIn += data.Length;
                totalOut += message.WrittenCount;
            }
        }

        // A shared context makes repeated events nearly free: the stream must compress far better than 2:1.
        Assert.True(totalOut * 4 < totalIn, $"{compression}: {totalOut} compressed bytes for {totalIn}");
    }

    [Fact]
    public void Zlib_messages_end_with_the_sync_flush_suffix_and_start_with_the_zlib_header()
    {
        using var compressor = new ZlibStreamCompressor();
        using var first = new PooledBufferWriter();
        compressor.Compress("""{"op":10,"d":{"heartbeat_interval":41250}}"""u8, first);
        Assert.Equal(0x78, first.WrittenSpan[0]);
        Assert.True(first.WrittenSpan.EndsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xff, 0xff]));
    }

    [Fact]
    public void A_zlib_payload_split_over_several_messages_is_buffered_until_the_suffix()
    {
        using var compressor = new ZlibStreamCompressor();
        using var decompressor = new ZlibStreamDecompressor();
        using var compressed = new PooledBufferWriter();
        var payload = Encoding.UTF8.GetBytes(new string('a', 5000) + "end");
        compressor.Compress(payload, compressed);
        var bytes = compressed.ToArray();
        using var output = new PooledBufferWriter();
        Assert.False(decompressor.TryDecompress(bytes.AsMemory(0, bytes.Length / 2), output));
        Assert.True(decompressor.TryDecompress(bytes.AsMemory(bytes.Length / 2), output));
        Assert.Equal(payload, output.ToArray());
    }

    [Fact]
    public void A_zlib_message_longer_than_the_inflaters_input_buffer_decompresses_whole()
    {
        // Random bytes do not compress: each 100 KB payload is a 100 KB message, many times the inflater's own input
        // buffer, so one Read returns output with room to spare while the message still has input left.
        using var compressor = new ZlibStreamCompressor();
        using var decompressor = new ZlibStreamDecompressor();
        using var message = new PooledBufferWriter();
        using var output = new PooledBufferWriter(1024 * 1024);
        var random = new Random(19);
        foreach (var length in new[] { 100_000, 3, 250_000, 40 })
        {
            var payload = new byte[length];
            random.NextBytes(payload);
            message.Clear();
            output.Clear();
            compressor.Compress(payload, message);
            Assert.True(decompressor.TryDecompress(message.ToArray(), output));
            Assert.Equal(payload, output.ToArray());
        }
    }

    [Fact]
    public void Discords_own_zlib_framing_from_another_deflater_is_understood()
    {
        // System.IO.Compression's sync flush is exactly what Discord sends; decode two payloads of one stream.
        using var stream = new MemoryStream();
        using var zlib = new ZLibStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        using var decompressor = new ZlibStreamDecompressor();
        using var output = new PooledBufferWriter();
        foreach (var text in new[] { "first payload", "second payload" })
        {
            stream.SetLength(0);
            zlib.Write(Encoding.UTF8.GetBytes(text));
            zlib.Flush();
            output.Clear();
            Assert.True(decompressor.TryDecompress(stream.ToArray(), output));
            Assert.Equal(text, Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Corrupt_input_is_reported_not_swallowed(string compression)
    {
        using var decompressor = CreateDecompressor(compression);
        using var output = new PooledBufferWriter();
        byte[] garbage = [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x00, 0x00, 0xff, 0xff];
        Assert.ThrowsAny<InvalidDataException>(() => decompressor.TryDecompress(garbage, output));
    }
}
