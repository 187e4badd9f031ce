using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// Bare <see cref="ShardConnection"/>s on the emulator, shard i of their count as a gateway's, with nothing behind them: each
/// round sends every one the same firehose at once and reads each to its last event. The floor a process holding that many
/// connections pays, run in the harness's process (the firehose harness) or in its own (<see cref="BareShardsProcess"/>).
/// </summary>
internal sealed class BareShards : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ShardConnection[] _connections;
    private readonly Task[] _runs;
    private readonly CancellationTokenSource _stop;
    private readonly InProcessIdentifyGate _gate;
    private int[] _ids = [];

    private BareShards(HttpClient http, ShardConnection[] connections, Task[] runs, CancellationTokenSource stop, InProcessIdentifyGate gate) =>
        (_http, _connections, _runs, _stop, _gate) = (http, connections, runs, stop, gate);

    public int Count => _connections.Length;

    /// <summary>Each shard's connection id in the emulator (its firehose's address).</summary>
    public IReadOnlyList<int> ConnectionIds => _ids;

    /// <summary>Connects <paramref name="shards"/> shards and returns once each has its READY.</summary>
    public static async Task<BareShards> ConnectAsync(HttpClient http, Uri baseAddress, int shards, TransportCompression compression)
    {
        var stop = new CancellationTokenSource();
        var gate = new InProcessIdentifyGate(shards, window: TimeSpan.Zero);
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
        var bare = new BareShards(http, connections, [.. connections.Select(shard => shard.RunAsync(stop.Token))], stop, gate);
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

            bare._ids = ids;
            return bare;
        }
        catch
        {
            await bare.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One round of <paramref name="perShard"/> events on every shard: the wall clock starts when the emulator has answered them
    /// all (each answers once its round is compressed, just before it sends it) and stops when every shard has read its last.
    /// A <paramref name="parse"/> is not thread-safe: one shard only.
    /// </summary>
    public async Task<TimeSpan> RoundAsync(string mix, int perShard, ConsumerParse? parse = null)
    {
        if (parse is not null && Count != 1)
        {
            throw new ArgumentException("The consumers' parse runs on one shard only.", nameof(parse));
        }

        var firsts = await Task.WhenAll(_ids.Select(id => StartFirehoseAsync(_http, id, mix, perShard)));
        var clock = Stopwatch.StartNew();
        await ReadAsync(firsts, perShard, parse);
        return clock.Elapsed;
    }

    /// <summary>Reads each shard's firehose (<paramref name="perShard"/> events from its <paramref name="firsts"/> sequence) to its last.</summary>
    public Task ReadAsync(IReadOnlyList<int> firsts, int perShard, ConsumerParse? parse = null) =>
        Task.WhenAll(_connections.Select((shard, i) => CountAsync(shard.Dispatches, firsts[i], perShard, parse)));

    /// <summary>
    /// Asks the emulator for <paramref name="count"/> events of <paramref name="mix"/> on a connection, as fast as it reads or at
    /// <paramref name="eventsPerSecond"/>; its first sequence.
    /// </summary>
    public static async Task<int> StartFirehoseAsync(HttpClient http, int connection, string mix, int count, int? eventsPerSecond = null)
    {
        using var response = await http.PostAsJsonAsync(
            $"/control/gateway/connections/{connection}/firehose", new { count, mix, events_per_second = eventsPerSecond });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["first_sequence"]!.GetValue<int>();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _gate.Dispose();
        _stop.Dispose();
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

    private static async Task<int> ConnectionOfAsync(HttpClient http, string sessionId)
    {
        var connections = await http.GetFromJsonAsync<JsonArray>("/control/gateway/connections");
        return connections!.Last(c => c!["session_id"]?.GetValue<string>() == sessionId)!["id"]!.GetValue<int>();
    }
}
