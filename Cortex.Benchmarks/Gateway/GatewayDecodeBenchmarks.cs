using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Cortex.Discord.Codecs;
using Cortex.Emulator.Gateway;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// Parse cost of the recorded event mix (95 MESSAGE_CREATE + 5 GUILD_CREATE per 100) as the shard
/// does it: the JSON envelope (op/s/t read, d copied out), and ETF transcoded to the same JSON.
/// A full System.Text.Json DOM parse of the same JSON is the reference for "really parsing it".
/// Each operation decodes all 100 events; divide by 100 for the cost per event.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class GatewayDecodeBenchmarks
{
    private readonly IGatewayCodec _json = GatewayCodecs.ForClient(GatewayEncoding.Json);
    private readonly IGatewayCodec _etf = GatewayCodecs.ForClient(GatewayEncoding.Etf);
    private byte[][] _jsonFrames = [];
    private byte[][] _etfFrames = [];

    [GlobalSetup]
    public void Setup()
    {
        _jsonFrames = Encode(GatewayEncoding.Json);
        _etfFrames = Encode(GatewayEncoding.Etf);
    }

    [Benchmark(Baseline = true, Description = "JSON envelope, 100 events")]
    public int Json()
    {
        var bytes = 0;
        foreach (var frame in _jsonFrames)
        {
            bytes += _json.Decode(frame).Data.Length;
        }

        return bytes;
    }

    [Benchmark(Description = "ETF to JSON, 100 events")]
    public int Etf()
    {
        var bytes = 0;
        foreach (var frame in _etfFrames)
        {
            bytes += _etf.Decode(frame).Data.Length;
        }

        return bytes;
    }

    [Benchmark(Description = "JSON full DOM parse, 100 events")]
    public int JsonDocumentParse()
    {
        var properties = 0;
        foreach (var frame in _jsonFrames)
        {
            using var document = JsonDocument.Parse(frame);
            properties += document.RootElement.GetProperty("d").GetPropertyCount();
        }

        return properties;
    }

    private static byte[][] Encode(GatewayEncoding encoding)
    {
        var codec = GatewayCodecs.ForServer(encoding);
        using var buffer = new PooledBufferWriter();
        var sequence = 0;
        return [.. RecordedEventMix.All.Select(e =>
        {
            buffer.Clear();
            codec.Encode(buffer, 0, e.Data, ++sequence, e.EventName);
            return buffer.ToArray();
        })];
    }

    /// <summary>A short run in this process: generating and building a separate project takes longer than BenchmarkDotNet's build timeout on these 2-core machines.</summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
