using System.Text;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Cortex.Emulator.Gateway;

namespace Cortex.Tests.Discord.Compression;

/// <summary>zstd-stream's receiving side, on the system's libzstd and on the managed port, against other encoders.</summary>
public sealed class ZstdStreamTests
{
    // `zstd -19 --no-check` (the reference CLI, v1.5.4) of 300,000 bytes: a 51-byte line repeated. Three 128 KB blocks.
    private const string CliFrame = "KLUv/aDgkwQA1AEAUsMLEaDt9JKX+0xx/6TaIhcH/q3DYM6vhvH7bqybU5f7dT0jwWYkJuIcLt/3NeyfuwwBAIX8j3MFBUQAAAABAP3/OFdARQAAAAEA3RMdAAE=";

    public static TheoryData<string> ZstdDecoders() => [TransportCompressionTests.ZstdNative, TransportCompressionTests.ZstdManaged];

    /// <summary>Each sender against each receiver: libzstd and ZstdSharp must read each other's streams.</summary>
    public static TheoryData<string, string> EncodersAndDecoders() => new()
    {
        { TransportCompressionTests.ZstdNative, TransportCompressionTests.ZstdNative },
        { TransportCompressionTests.ZstdNative, TransportCompressionTests.ZstdManaged },
        { TransportCompressionTests.ZstdManaged, TransportCompressionTests.ZstdNative },
        { TransportCompressionTests.ZstdManaged, TransportCompressionTests.ZstdManaged },
    };

    [Theory]
    [MemberData(nameof(ZstdDecoders))]
    public void A_frame_of_the_reference_cli_split_over_several_messages_decodes_with_one_context(string decoder)
    {
        var line = """{"op":0,"t":"MESSAGE_CREATE","d":{"content":"zstd"}}"""u8.ToArray().Append((byte)'\n').ToArray();
        var expected = Enumerable.Repeat(line, 6000).SelectMany(l => l).Take(300_000).ToArray();
        var frame = Convert.FromBase64String(CliFrame);
        using var decompressor = TransportCompressionTests.CreateDecompressor(decoder);
        using var output = new PooledBufferWriter();
        foreach (var (start, end) in new[] { (0, 7), (7, 40), (40, frame.Length) })
        {
            decompressor.TryDecompress(frame.AsMemory(start..end), output);
        }

        Assert.Equal(expected, output.ToArray());
    }

    [Theory]
    [MemberData(nameof(EncodersAndDecoders))]
    public void The_recorded_mix_three_times_over_one_context_decodes_whatever_the_sender_and_receiver(string encoder, string decoder)
    {
        using var compressor = CreateCompressor(encoder);
        using var decompressor = TransportCompressionTests.CreateDecompressor(decoder);
        using var output = new PooledBufferWriter();
        for (var round = 0; round < 3; round++)
        {
            foreach (var (_, data) in RecordedEventMix.All)
            {
                output.Clear();
                Assert.True(decompressor.TryDecompress(Compress(compressor, data), output));
                Assert.Equal(data, output.ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(EncodersAndDecoders))]
    public void A_payload_larger_than_a_zstd_block_and_the_output_buffer_comes_out_whole(string encoder, string decoder)
    {
        // Letters at random barely compress, so 600 KB is five zstd blocks and dozens of 16 KB output spans.
        var random = new Random(20);
        var payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 600_000).Select(_ => (char)('a' + random.Next(26)))));
        using var compressor = CreateCompressor(encoder);
        using var decompressor = TransportCompressionTests.CreateDecompressor(decoder);
        using var message = new PooledBufferWriter();
        using var output = new PooledBufferWriter();
        compressor.Compress(payload, message);
        Assert.True(decompressor.TryDecompress(message.ToArray(), output));
        Assert.Equal(payload, output.ToArray());
    }

    [Theory]
    [MemberData(nameof(ZstdDecoders))]
    public void The_context_is_kept_across_messages_so_a_later_message_needs_the_earlier_ones(string decoder)
    {
        var payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"id\":\"{i * 7919}\"}}")));
        using var compressor = new ZstdStreamCompressor();
        var messages = new[] { Compress(compressor, payload), Compress(compressor, payload) };
        Assert.True(messages[1].Length * 10 < messages[0].Length, "the second message is mostly a reference into the first");

        using var kept = TransportCompressionTests.CreateDecompressor(decoder);
        using var output = new PooledBufferWriter();
        foreach (var message in messages)
        {
            output.Clear();
            Assert.True(kept.TryDecompress(message, output));
            Assert.Equal(payload, output.ToArray());
        }

        // Alone, the second message has no frame header and refers to bytes the decoder never saw.
        using var fresh = TransportCompressionTests.CreateDecompressor(decoder);
        Assert.Throws<InvalidDataException>(() => fresh.TryDecompress(messages[1], output));
    }

    [Theory]
    [MemberData(nameof(ZstdDecoders))]
    public void A_valid_frame_header_followed_by_a_reserved_block_type_is_an_invalid_data_error_naming_zstd(string decoder)
    {
        using var compressor = new ZstdStreamCompressor();
        var message = Compress(compressor, Encoding.UTF8.GetBytes(new string('x', 1000) + "tail"));
        // Magic (4 bytes), frame header descriptor and window descriptor, then the first block header: all ones is block type 3, reserved.
        message.AsSpan(6, 3).Fill(0xff);
        using var decompressor = TransportCompressionTests.CreateDecompressor(decoder);
        using var output = new PooledBufferWriter();
        var error = Assert.Throws<InvalidDataException>(() => decompressor.TryDecompress(message, output));
        Assert.StartsWith("zstd-stream: ", error.Message);
    }

    [Theory]
    [MemberData(nameof(ZstdDecoders))]
    public void The_emulator_sends_a_256_kb_window_so_repeats_further_back_are_not_matched(string encoder)
    {
        var random = new Random(21);
        var payload = new byte[300_000];
        random.NextBytes(payload);
        using var compressor = CreateCompressor(encoder);
        var first = Compress(compressor, payload);
        Assert.True(Compress(compressor, payload).Length > 250_000, "a 2 MB window would make the repeat a few bytes");

        // The frame header's window descriptor (byte 5: exponent in the top 5 bits, 10 + 8 = 18) says so to the receiver.
        Assert.Equal(ZstdStreamCompressor.WindowLog, (first[5] >> 3) + 10);
    }

    [Fact]
    public void Libzstd_and_the_managed_port_send_the_same_window_and_level_so_the_wire_bytes_cost_the_same()
    {
        // Same parameters give sizes within a few per cent (the two implementations may differ in detail); a different
        // level or window moves the recorded mix's size by far more (level 1: +20 %, a 2 MB window: a quarter).
        var sizes = new[] { TransportCompressionTests.ZstdNative, TransportCompressionTests.ZstdManaged }.Select(encoder =>
        {
            using var compressor = CreateCompressor(encoder);
            return Enumerable.Range(0, 3).SelectMany(_ => RecordedEventMix.All).Sum(e => Compress(compressor, e.Data).Length);
        }).ToArray();
        Assert.InRange((double)sizes[0] / sizes[1], 0.95, 1.05);
    }

    [Fact]
    public void Libzstd_is_used_where_it_loads_and_the_managed_port_where_it_does_not()
    {
        using var native = TransportCompressions.CreateDecompressor(TransportCompression.ZstdStream);
        Assert.IsType<NativeZstdStreamDecompressor>(native);
        using var nativeSender = TransportCompressions.CreateCompressor(TransportCompression.ZstdStream);
        Assert.IsType<NativeZstdStreamCompressor>(nativeSender);
        Assert.NotNull(LibZstd.Instance!.Compression);
        Assert.Null(LibZstd.Load(["libzstd-that-is-not-here.so.9"]));
        using var fallback = TransportCompressions.CreateZstdDecompressor(library: null);
        Assert.IsType<ZstdStreamDecompressor>(fallback);
        using var fallbackSender = TransportCompressions.CreateZstdCompressor(library: null);
        Assert.IsType<ZstdStreamCompressor>(fallbackSender);
    }

    [Fact]
    public void The_default_is_zstd_stream_where_libzstd_loads_and_zlib_stream_where_it_does_not()
    {
        // The managed port costs more than .NET's zlib, so without libzstd the default must not be zstd-stream.
        Assert.Equal(TransportCompression.ZstdStream, TransportCompressions.PreferredWith(LibZstd.Instance));
        Assert.Equal(TransportCompression.ZlibStream, TransportCompressions.PreferredWith(library: null));
        Assert.Equal(TransportCompression.ZstdStream, TransportCompressions.Preferred);
        Assert.Equal(TransportCompressions.Preferred, new ShardConnectionOptions { Token = "test-token", GatewayUrl = new Uri("wss://gateway.discord.gg") }.Compression);
    }

    private static ITransportCompressor CreateCompressor(string encoder) => encoder == TransportCompressionTests.ZstdNative
        ? NativeZstdStreamCompressor.TryCreate() ?? throw new InvalidOperationException("libzstd.so.1 (with its compressor) is not on this machine.")
        : new ZstdStreamCompressor();

    private static byte[] Compress(ITransportCompressor compressor, byte[] payload)
    {
        using var message = new PooledBufferWriter();
        compressor.Compress(payload, message);
        return message.ToArray();
    }
}
