using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Cortex.Discord.Codecs;
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
        var options = new ShardConnectionOptions
        {
            Token = FirehoseHarness.Token,
            GatewayUrl = new Uri($"ws://{baseAddress.Authority}/gateway"),
            Encoding = GatewayEncoding.Json,
            Compression = compression,
            Intents = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent,
        };
        using var stop = new CancellationTokenSource();
        using var gate = new InProcessIdentifyGate(1, window: TimeSpan.Zero);
        await using var shard = new ShardConnection(options, gate, new InMemoryShardSessionStore());
        var run = shard.RunAsync(stop.Token);
        var reader = shard.Dispatches;
        while ((await reader.ReadAsync()).EventName != "READY")
        {
        }

        var connection = await ConnectionOfAsync(http, shard.State.SessionId!);
        await CountAsync(reader, await StartFirehoseAsync(http, connection, mix, warmup), warmup, parse);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        // The emulator answers once the round is compressed, just before it sends it: the wall clock starts there.
        var first = await StartFirehoseAsync(http, connection, mix, events);
        var wall = Stopwatch.StartNew();
        await CountAsync(reader, first, events, parse);
        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        await stop.CancelAsync();
        await run;
        return new FirehoseResult(events, cpu, wall.Elapsed.TotalSeconds);
    }

    // The firehose's events carry sequences first..first+count-1, in order: done when the last one is read.
    private static async Task CountAsync(ChannelReader<GatewayDispatch> reader, int firstSequence, int count, ConsumerParse? parse)
    {
        var last = firstSequence + count - 1;
        while (true)
        {
            var dispatch = await reader.ReadAsync();
            parse?.Consume(dispatch);
            if (dispatch.Sequence >= last)
            {
                return;
            }
        }
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

    private static async Task<int> ConnectionOfAsync(HttpClient http, string sessionId)
    {
        var connections = await http.GetFromJsonAsync<JsonArray>("/control/gateway/connections");
        return connections!.Last(c => c!["session_id"]?.GetValue<string>() == sessionId)!["id"]!.GetValue<int>();
    }

    private static async Task<int> StartFirehoseAsync(HttpClient http, int connection, string mix, int count)
    {
        using var response = await http.PostAsJsonAsync($"/control/gateway/connections/{connection}/firehose", new { count, mix });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["first_sequence"]!.GetValue<int>();
    }
}
