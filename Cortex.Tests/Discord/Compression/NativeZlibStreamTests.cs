using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Emulator.Gateway;

namespace Cortex.Tests.Discord.Compression;

/// <summary>
/// zlib-stream on the runtime's zlib called directly must give what the ZLibStream path gives, byte for byte, on the same
/// messages cut the same way, and fail on the same input with the same exception type.
/// </summary>
public sealed class NativeZlibStreamTests
{
    [Fact]
    public void The_recorded_mix_and_large_payloads_decode_byte_identically_on_one_context()
    {
        var payloads = Enumerable.Range(0, 3).SelectMany(_ => RecordedEventMix.All.Select(e => e.Data))
            .Concat(LargePayloads(new Random(23)))
            .Concat(RecordedEventMix.All.Select(e => e.Data))
            .ToList();
        var messages = Compress(payloads, CompressionLevel.Fastest);

        Assert.Equal(payloads, DecodeAll(NativeDecompressor(), messages.Select(m => new[] { m })));
        Assert.Equal(payloads, DecodeAll(new ZlibStreamDecompressor(), messages.Select(m => new[] { m })));
    }

    [Fact]
    public void Messages_cut_into_fragments_at_arbitrary_points_decode_as_they_do_through_ZLibStream()
    {
        var random = new Random(19);
        var payloads = RecordedEventMix.All.Select(e => e.Data).Concat(LargePayloads(random)).ToList();
        var fragmented = Compress(payloads, CompressionLevel.Optimal).Select(message => Cut(message, random)).ToList();

        var native = DecodeAll(NativeDecompressor(), fragmented);
        Assert.Equal(payloads, native);
        Assert.Equal(DecodeAll(new ZlibStreamDecompressor(), fragmented), native);
    }

    [Fact]
    public void A_message_holding_several_sync_flushed_payloads_decodes_to_all_of_them()
    {
        // Two flushes in one message: only the last suffix ends it, and the inflater runs through both.
        var payloads = new[] { "first payload"u8.ToArray(), "second payload"u8.ToArray() };
        var joined = Compress(payloads, CompressionLevel.Optimal).SelectMany(m => m).ToArray();

        var native = DecodeAll(NativeDecompressor(), [[joined]]);
        Assert.Equal("first payloadsecond payload", Encoding.UTF8.GetString(native.Single()));
        Assert.Equal(DecodeAll(new ZlibStreamDecompressor(), [[joined]]), native);
    }

    [Fact]
    public void A_corrupt_block_after_good_messages_is_an_invalid_data_error_on_both_paths()
    {
        // 0xff opens a final block of type 3, which deflate reserves.
        var messages = Compress(RecordedEventMix.All.Take(3).Select(e => e.Data).ToList(), CompressionLevel.Fastest);
        byte[] corrupt = [0xff, 0x00, 0x00, 0xff, 0xff];
        foreach (var decompressor in new ITransportDecompressor[] { NativeDecompressor(), new ZlibStreamDecompressor() })
        {
            using (decompressor)
            using (var output = new PooledBufferWriter())
            {
                messages.ForEach(m => decompressor.TryDecompress(m, output));
                Assert.Throws<InvalidDataException>(() => decompressor.TryDecompress(corrupt, output));
            }
        }

        using var native = NativeDecompressor();
        using var into = new PooledBufferWriter();
        messages.ForEach(m => native.TryDecompress(m, into));
        Assert.Equal("zlib-stream: invalid block type.", Assert.Throws<InvalidDataException>(() => native.TryDecompress(corrupt, into)).Message);
    }

    [Fact]
    public void A_stream_without_a_zlib_header_is_an_invalid_data_error_naming_the_header()
    {
        // Raw deflate (no 78 xx header), as a server with the wrong framing would send.
        using var raw = new MemoryStream();
        using var deflate = new DeflateStream(raw, CompressionLevel.Fastest, leaveOpen: true);
        deflate.Write("""{"op":10}"""u8);
        deflate.Flush();

        using var decompressor = NativeDecompressor();
        using var output = new PooledBufferWriter();
        var error = Assert.Throws<InvalidDataException>(() => decompressor.TryDecompress(raw.ToArray(), output));
        Assert.StartsWith("zlib-stream: incorrect header check", error.Message);
    }

    [Fact]
    public void The_runtimes_zlib_is_called_directly_where_it_loads_and_ZLibStream_is_used_where_it_does_not()
    {
        using var chosen = TransportCompressions.CreateDecompressor(TransportCompression.ZlibStream);
        Assert.IsType<NativeZlibStreamDecompressor>(chosen);
        using var fallback = TransportCompressions.CreateZlibDecompressor(library: null);
        Assert.IsType<ZlibStreamDecompressor>(fallback);

        // The runtime's exports are not a public contract: another major version, or no library, means the fallback.
        Assert.Null(RuntimeZlib.Load(RuntimeZlib.CheckedRuntimeMajor + 1, RuntimeEnvironment.GetRuntimeDirectory()));
        Assert.Null(RuntimeZlib.Load(RuntimeZlib.CheckedRuntimeMajor, "/nonexistent"));
        Assert.NotNull(RuntimeZlib.Load(Environment.Version.Major, RuntimeEnvironment.GetRuntimeDirectory()));
    }

    private static NativeZlibStreamDecompressor NativeDecompressor() =>
        NativeZlibStreamDecompressor.TryCreate() ?? throw new InvalidOperationException("The runtime's libSystem.IO.Compression.Native did not load.");

    // Outputs far beyond one 16 KB output span and the 64 KB buffer's first size: guild-sized JSON, and incompressible bytes.
    private static IEnumerable<byte[]> LargePayloads(Random random)
    {
        var members = new StringBuilder("""{"op":0,"t":"GUILD_CREATE","d":{"members":[""");
        for (var i = 0; i < 20_000; i++)
        {
            members.Append(string.Create(CultureInfo.InvariantCulture, $$"""{"user":{"id":"{{random.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999)}}","username":"member{{i}}"},"roles":[]},"""));
        }

        yield return Encoding.UTF8.GetBytes(members.Append("{}]}}").ToString());
        var noise = new byte[300_000];
        random.NextBytes(noise);
        yield return noise;
        yield return "{}"u8.ToArray();
    }

    // One zlib stream over all payloads, each sync-flushed into its own message, as Discord sends them.
    private static List<byte[]> Compress(IReadOnlyList<byte[]> payloads, CompressionLevel level)
    {
        using var stream = new MemoryStream();
        using var zlib = new ZLibStream(stream, level, leaveOpen: true);
        var messages = new List<byte[]>();
        foreach (var payload in payloads)
        {
            stream.SetLength(0);
            zlib.Write(payload);
            zlib.Flush();
            messages.Add(stream.ToArray());
        }

        return messages;
    }

    // Cuts anywhere but inside the final suffix: a payload's last WebSocket message carries the whole suffix.
    private static byte[][] Cut(byte[] message, Random random)
    {
        var cuts = Enumerable.Range(0, message.Length > 5 ? random.Next(0, 4) : 0).Select(_ => random.Next(1, message.Length - 4)).Append(0).Append(message.Length).Distinct().Order().ToList();
        return [.. cuts.Zip(cuts.Skip(1), (from, to) => message[from..to])];
    }

    // Every fragment before the last must be held back (false); the last gives the payload.
    private static List<byte[]> DecodeAll(ITransportDecompressor decompressor, IEnumerable<byte[][]> messages)
    {
        using (decompressor)
        {
            using var output = new PooledBufferWriter();
            var payloads = new List<byte[]>();
            foreach (var fragments in messages)
            {
                output.Clear();
                for (var i = 0; i < fragments.Length; i++)
                {
                    Assert.Equal(i == fragments.Length - 1, decompressor.TryDecompress(fragments[i], output));
                }

                payloads.Add(output.ToArray());
            }

            return payloads;
        }
    }
}
