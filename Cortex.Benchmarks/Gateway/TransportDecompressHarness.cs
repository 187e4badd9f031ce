using System.Diagnostics;
using System.Globalization;
using Cortex.Benchmarks.Gateway.Guilds;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// Transport decompression alone, per event, on the firehose mixes' real bytes: each mix's payloads encoded as the
/// emulator sends them, compressed once per transport with one context (as one connection would be), then
/// decompressed in a loop by each decompressor with a fresh context per round. What is left of the firehose's
/// "envelope only" cost once inflate is taken out is WebSocket framing, the envelope read and the copy of <c>d</c>.
/// <c>dotnet Cortex.Benchmarks.dll transport-decompress [rounds]</c>.
/// </summary>
public static class TransportDecompressHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        Console.WriteLine($"transport-decompress: median of {rounds} rounds, µs per event, libzstd loaded: {NativeZstdStreamDecompressor.IsAvailable}, runtime zlib direct: {NativeZlibStreamDecompressor.IsAvailable}");
        Console.WriteLine("| mix | events | bytes / event | zlib-stream bytes / event | zstd-stream bytes / event | zlib-stream (.NET ZLibStream) | zlib-stream (zlib-ng direct) | zstd-stream (ZstdSharp) | zstd-stream (libzstd) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var compressing = new List<string>();
        foreach (var mix in BenchmarkMixes.Names)
        {
            var payloads = Payloads(mix);
            var zlib = Compress(payloads, TransportCompression.ZlibStream);
            var zstd = Compress(payloads, TransportCompression.ZstdStream);
            var zlibCost = Measure(payloads, zlib, () => new ZlibStreamDecompressor(), rounds);
            var directCost = NativeZlibStreamDecompressor.IsAvailable ? Measure(payloads, zlib, () => NativeZlibStreamDecompressor.TryCreate()!, rounds) : double.NaN;
            var managedCost = Measure(payloads, zstd, () => new ZstdStreamDecompressor(), rounds);
            var nativeCost = NativeZstdStreamDecompressor.IsAvailable ? Measure(payloads, zstd, () => NativeZstdStreamDecompressor.TryCreate()!, rounds) : double.NaN;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {mix} | {payloads.Count:N0} | {payloads.Average(p => p.Length):N0} | {zlib.Average(m => m.Length):N0} | {zstd.Average(m => m.Length):N0} | {zlibCost:F2} | {directCost:F2} | {managedCost:F2} | {nativeCost:F2} |"));
            compressing.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {mix} | {MeasureCompression(payloads, () => new ZlibStreamCompressor(), rounds):F2} | {MeasureCompression(payloads, () => new ZstdStreamCompressor(), rounds):F2} | {MeasureCompression(payloads, () => NativeZstdStreamCompressor.TryCreate() ?? throw new InvalidOperationException("no libzstd compressor"), rounds):F2} |"));
        }

        // The sending side (the emulator's cost per event): a sender slower than the client it feeds sets the firehose's pace.
        Console.WriteLine($"compression, median of {rounds} rounds, µs per event");
        Console.WriteLine("| mix | zlib-stream (.NET ZLibStream, Fastest) | zstd-stream (ZstdSharp) | zstd-stream (libzstd) |");
        Console.WriteLine("|---|---:|---:|---:|");
        compressing.ForEach(Console.WriteLine);
        return Task.FromResult(0);
    }

    // About 5 MB of uncompressed payloads per mix, cycling through its events in order as the firehose does.
    private static List<byte[]> Payloads(string mix)
    {
        var events = BenchmarkMixes.Get(mix);
        var codec = GatewayCodecs.ForServer(GatewayEncoding.Json);
        using var buffer = new PooledBufferWriter();
        var payloads = new List<byte[]>();
        for (var (i, total) = (0, 0L); total < 5_000_000 || i < events.Count; i++)
        {
            var (name, data) = events[i % events.Count];
            buffer.Clear();
            codec.Encode(buffer, 0, data, i + 1, name);
            payloads.Add(buffer.ToArray());
            total += buffer.WrittenCount;
        }

        return payloads;
    }

    private static List<byte[]> Compress(List<byte[]> payloads, TransportCompression compression)
    {
        using var compressor = TransportCompressions.CreateCompressor(compression)!;
        using var message = new PooledBufferWriter();
        return [.. payloads.Select(p =>
        {
            message.Clear();
            compressor.Compress(p, message);
            return message.ToArray();
        })];
    }

    private static double MeasureCompression(List<byte[]> payloads, Func<ITransportCompressor> create, int rounds)
    {
        using var message = new PooledBufferWriter(64 * 1024);
        return MedianPerItem(payloads, create, (compressor, payload) =>
        {
            message.Clear();
            compressor.Compress(payload, message);
        }, rounds);
    }

    private static double Measure(List<byte[]> payloads, List<byte[]> messages, Func<ITransportDecompressor> create, int rounds)
    {
        using var output = new PooledBufferWriter(64 * 1024);
        using (var check = create())
        {
            for (var i = 0; i < messages.Count; i++)
            {
                output.Clear();
                if (!check.TryDecompress(messages[i], output) || !output.WrittenSpan.SequenceEqual(payloads[i]))
                {
                    throw new InvalidOperationException($"{check.GetType().Name} decoded payload {i} wrongly.");
                }
            }
        }

        return MedianPerItem(messages, create, (decompressor, message) =>
        {
            output.Clear();
            decompressor.TryDecompress(message, output);
        }, rounds);
    }

    // Median over rounds of µs per item, a fresh context (from create) per round, as a new connection would have.
    private static double MedianPerItem<TContext>(List<byte[]> items, Func<TContext> create, Action<TContext, byte[]> each, int rounds)
        where TContext : IDisposable
    {
        var costs = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            using var context = create();
            var clock = Stopwatch.StartNew();
            foreach (var item in items)
            {
                each(context, item);
            }

            costs.Add(clock.Elapsed.TotalMicroseconds / items.Count);
        }

        return costs.Order().ElementAt(costs.Count / 2);
    }
}
