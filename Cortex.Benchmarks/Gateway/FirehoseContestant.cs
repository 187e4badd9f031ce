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

    internal static Task<FirehoseResult> RunCortexAsync(HttpClient http, Uri baseAddress, string mix, int events, int warmup, TransportCompression compression, ConsumerParse? parse) =>
        RunCortexShardsAsync(http, baseAddress, mix, shards: 1, events, warmup, compression, parse);

    /// <summary>
    /// <paramref name="shards"/> bare <see cref="ShardConnection"/>s in this process (shard i of the count, as a gateway's),
    /// each sent <paramref name="perShard"/> events at once and read to the last; CPU is this process's over the whole round.
    /// A <paramref name="parse"/> is not thread-safe: one shard only.
    /// </summary>
    internal static async Task<FirehoseResult> RunCortexShardsAsync(
        HttpClient http, Uri baseAddress, string mix, int shards, int perShard, int warmup, TransportCompression compression, ConsumerParse? parse)
    {
        if (parse is not null && shards != 1)
        {
            throw new ArgumentException("The consumers' parse runs on one shard only.", nameof(parse));
        }

        using var stop = new CancellationTokenSource();
        using var gate = new InProcessIdentifyGate(shards, window: TimeSpan.Zero);
        var connections = Enumerable.Range(0, shards).Select(shard => new ShardConnection(
            new ShardConnectionOptions
            {
                Token = FirehoseHarness.Token,
                GatewayUrl = new Uri($"ws://{baseAddress.Authority}/gateway"),
                ShardId = shard,
                ShardCount = shards,
                Encoding = GatewayEncoding.Json,
                Compression = compression,
                Intents = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent,
            },
            gate,
            new InMemoryShardSessionStore())).ToArray();
        var runs = connections.Select(shard => shard.RunAsync(stop.Token)).ToArray();
        try
        {
            var ids = new int[shards];
            for (var shard = 0; shard < shards; shard++)
            {
                while ((await connections[shard].Dispatches.ReadAsync()).EventName != "READY")
                {
                }

                ids[shard] = await ConnectionOfAsync(http, connections[shard].State.SessionId!);
            }

            await RoundAsync(warmup);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var wall = await RoundAsync(perShard);
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            return new FirehoseResult(perShard * shards, cpu, wall.TotalSeconds);

            // Every shard's firehose at once; the wall clock starts when the emulator has answered them all (each answers
            // once its round is compressed, just before it sends it) and stops when every shard has read its last event.
            async Task<TimeSpan> RoundAsync(int count)
            {
                var firsts = await Task.WhenAll(ids.Select(id => StartFirehoseAsync(http, id, mix, count)));
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(connections.Select((shard, i) => CountAsync(shard.Dispatches, firsts[i], count, parse)));
                return clock.Elapsed;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(runs);
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
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
