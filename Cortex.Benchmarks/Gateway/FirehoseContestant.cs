using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;

namespace Cortex.Benchmarks.Gateway;

/// <summary>One client of the firehose benchmark: its name, its configuration as the table states it, and one measured run.</summary>
internal sealed record FirehoseContestant(string Name, string Configuration, bool IsCortex, Func<int, int, Task<FirehoseResult>> Run)
{
    public Task<FirehoseResult> RunAsync(int events, int warmup) => Run(events, warmup);

    public static List<FirehoseContestant> All(FirehoseEmulator emulator, string mix) =>
    [
        new("Cortex ShardConnection + consumers' parse", $"JSON, zlib-stream ({ZlibDecoder}); MESSAGE_CREATE decoded to Cortex.Discord's Message, GUILD_* into the gateway's GuildCache (a guild's members kept and indexed at its first check)", true,
            (events, warmup) => RunCortexAsync(emulator.Http, emulator.BaseAddress, mix, events, warmup, TransportCompression.ZlibStream, new ConsumerParse())),
        new("Cortex ShardConnection (envelope only)", $"JSON, zlib-stream ({ZlibDecoder}); op/s/t read, d's bounds found and copied out, nothing parsed", true,
            (events, warmup) => RunCortexAsync(emulator.Http, emulator.BaseAddress, mix, events, warmup, TransportCompression.ZlibStream, parse: null)),
        new("Cortex ShardConnection + consumers' parse, zstd-stream", $"JSON, zstd-stream ({ZstdDecoder}); the same parse", true,
            (events, warmup) => RunCortexAsync(emulator.Http, emulator.BaseAddress, mix, events, warmup, TransportCompression.ZstdStream, new ConsumerParse())),
        new("Cortex ShardConnection (envelope only), zstd-stream", $"JSON, zstd-stream ({ZstdDecoder}); envelope only", true,
            (events, warmup) => RunCortexAsync(emulator.Http, emulator.BaseAddress, mix, events, warmup, TransportCompression.ZstdStream, parse: null)),
        new("@discordjs/ws 2.0.4, zlib-sync", "CompressionMethod.ZlibSync, zlib-sync 0.1.10 + bufferutil 4.1.0 installed; JSON.parse of every payload", false,
            (events, warmup) => RunPeerAsync(emulator.BaseAddress, mix, "zlib-sync", events, warmup)),
        new("@discordjs/ws 2.0.4, default", "no transport compression (its default), bufferutil 4.1.0 installed; JSON.parse of every payload", false,
            (events, warmup) => RunPeerAsync(emulator.BaseAddress, mix, "none", events, warmup)),
    ];

    // Which zstd-stream decoder this process got: the system's libzstd, or the managed port where it is missing.
    private static string ZlibDecoder => NativeZlibStreamDecompressor.IsAvailable ? "the runtime's zlib-ng, called directly" : ".NET ZLibStream";

    private static string ZstdDecoder => NativeZstdStreamDecompressor.IsAvailable ? "libzstd" : "ZstdSharp, libzstd not found";

    internal static async Task<FirehoseResult> RunCortexAsync(HttpClient http, Uri baseAddress, string mix, int events, int warmup, TransportCompression compression, ConsumerParse? parse)
    {
        await using var shard = await BareShards.ConnectAsync(http, baseAddress, shards: 1, compression);
        await shard.RoundAsync(mix, warmup, parse);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var wall = await shard.RoundAsync(mix, events, parse);
        process.Refresh();
        return new FirehoseResult(events, (process.TotalProcessorTime - cpu0).TotalSeconds, wall.TotalSeconds);
    }

    private static async Task<FirehoseResult> RunPeerAsync(Uri baseAddress, string mix, string compression, int events, int warmup)
    {
        var start = new ProcessStartInfo("node", "firehose.mjs") { WorkingDirectory = FirehosePeer.Directory, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["EMULATOR_URL"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["BOT_TOKEN"] = FirehoseHarness.Token;
        start.Environment["EVENTS"] = events.ToString(CultureInfo.InvariantCulture);
        start.Environment["WARMUP"] = warmup.ToString(CultureInfo.InvariantCulture);
        start.Environment["MIX"] = mix;
        start.Environment["COMPRESSION"] = compression;
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = node.ExitCode == 0 && lines.Length > 0 ? JsonNode.Parse(lines[^1]) : null;
        if (json?["events"] is null)
        {
            throw new InvalidOperationException($"The @discordjs/ws firehose client ({compression}) failed, exit {node.ExitCode}: {output}");
        }

        return new FirehoseResult(json["events"]!.GetValue<int>(), json["cpu_seconds"]!.GetValue<double>(), json["wall_seconds"]!.GetValue<double>());
    }
}
