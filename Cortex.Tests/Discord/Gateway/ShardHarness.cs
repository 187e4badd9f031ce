using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>A shard connection running against an emulator, with helpers to wait for what it receives.</summary>
public sealed class ShardHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<GatewayDispatch> _received = [];
    private readonly Task _pump;

    private ShardHarness(ShardConnection shard, IShardSessionStore sessions)
    {
        Shard = shard;
        Sessions = sessions;
        Run = shard.RunAsync(_stop.Token);
        _pump = Task.Run(async () =>
        {
            await foreach (var dispatch in shard.Dispatches.ReadAllAsync())
            {
                lock (_received)
                {
                    _received.Add(dispatch);
                    Monitor.PulseAll(_received);
                }
            }
        });
    }

    public ShardConnection Shard { get; }

    public IShardSessionStore Sessions { get; }

    public Task<ShardStopReason> Run { get; }

    public IReadOnlyList<GatewayDispatch> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static ShardHarness StartAgainst(Uri gatewayUrl, Func<ShardConnectionOptions, ShardConnectionOptions>? configure = null) =>
        Start(gatewayUrl, GatewayEncoding.Json, TransportCompression.None, configure, null, null);

    public static ShardHarness Start(
        EmulatorServer server,
        GatewayEncoding encoding = GatewayEncoding.Json,
        TransportCompression compression = TransportCompression.ZlibStream,
        Func<ShardConnectionOptions, ShardConnectionOptions>? configure = null,
        IShardSessionStore? sessions = null,
        IIdentifyGate? gate = null) =>
        Start(server.GatewayUrl, encoding, compression, configure, sessions, gate);

    private static ShardHarness Start(
        Uri gatewayUrl,
        GatewayEncoding encoding,
        TransportCompression compression,
        Func<ShardConnectionOptions, ShardConnectionOptions>? configure,
        IShardSessionStore? sessions,
        IIdentifyGate? gate)
    {
        var options = new ShardConnectionOptions
        {
            Token = EmulatorServer.BotToken,
            GatewayUrl = gatewayUrl,
            Encoding = encoding,
            Compression = compression,
            Intents = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent | GatewayIntents.DirectMessages,
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            ReconnectJitter = TimeSpan.FromMilliseconds(50),
            InvalidSessionDelay = TimeSpan.FromMilliseconds(100),
            ReadyTimeout = TimeSpan.FromSeconds(10),
        };
        options = configure?.Invoke(options) ?? options;
        sessions ??= new InMemoryShardSessionStore();
        var shard = new ShardConnection(options, gate ?? new InProcessIdentifyGate(16, window: TimeSpan.FromMilliseconds(150)), sessions);
        return new ShardHarness(shard, sessions);
    }

    /// <summary>Waits until a received dispatch matches, and returns it.</summary>
    public GatewayDispatch WaitFor(Func<GatewayDispatch, bool> match, TimeSpan? timeout = null) =>
        WaitFor(list => list.FirstOrDefault(match), timeout);

    public GatewayDispatch WaitFor(string eventName, int occurrence = 1, TimeSpan? timeout = null) =>
        WaitFor(list => list.Where(d => d.EventName == eventName).Skip(occurrence - 1).FirstOrDefault(), timeout);

    private GatewayDispatch WaitFor(Func<List<GatewayDispatch>, GatewayDispatch?> pick, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        lock (_received)
        {
            while (true)
            {
                var found = pick(_received);
                if (found is not null)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"No matching dispatch; received: {string.Join(", ", _received.Select(d => $"{d.Sequence}:{d.EventName}"))}; state: {Shard.State}");
                }

                Monitor.Wait(_received, left);
            }
        }
    }

    /// <summary>
    /// Asks the emulator for a firehose round of <paramref name="count"/> events (the recorded mix) on shard 0's connection,
    /// waits until its last event is received, and returns the round's dispatches in the order received.
    /// </summary>
    public async Task<List<GatewayDispatch>> FirehoseAsync(EmulatorServer server, int count)
    {
        var id = await server.ConnectionOfShardAsync(0);
        using var response = await server.Http.PostAsync(
            $"/control/gateway/connections/{id}/firehose",
            new StringContent($$"""{"count":{{count}}}""", System.Text.Encoding.UTF8, "application/json"));
        var first = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["first_sequence"]!.GetValue<int>();
        WaitFor(d => d.Sequence == first + count - 1, TimeSpan.FromSeconds(60));
        return [.. Received.Where(d => d.Sequence >= first)];
    }

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        await _pump.WaitAsync(TimeSpan.FromSeconds(10));
        await Shard.DisposeAsync();
        _stop.Dispose();
    }
}
