using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway.Payloads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Discord.Gateway;

/// <summary>
/// One shard's gateway connection, kept alive across reconnects: HELLO → heartbeats → IDENTIFY (through
/// the identify gate) or RESUME (to <c>resume_gateway_url</c>) → dispatches. It reads dispatches into
/// <see cref="Dispatches"/> in order and reports its <see cref="State"/>; fatal close codes stop it
/// with a <see cref="ShardStopReason"/> instead of looping.
/// </summary>
public sealed partial class ShardConnection : IAsyncDisposable
{
    /// <summary>The close code Cortex uses when it closes on purpose but wants the session kept (anything but 1000/1001).</summary>
    public const int ResumableCloseCode = 4000;

    private readonly ShardConnectionOptions _options;
    private readonly IIdentifyGate _identifyGate;
    private readonly IShardSessionStore _sessions;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<GatewayDispatch> _dispatches;
    private readonly CancellationTokenSource _disposed = new();

    private volatile ShardStatus _status = ShardStatus.Idle;
    private volatile int _sequence = -1;
    private volatile GatewaySession? _session;
    private long _latencyTicks = -1;
    private long _lastFrameAtUtcTicks;
    private int _identifies;
    private int _resumes;
    private int _started;
    private volatile ShardStopReason? _stopReason;
    private volatile Connection? _current;

    /// <summary>Creates a shard connection; call <see cref="RunAsync"/> to start it.</summary>
    public ShardConnection(
        ShardConnectionOptions options,
        IIdentifyGate identifyGate,
        IShardSessionStore sessions,
        ILogger<ShardConnection>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _identifyGate = identifyGate ?? throw new ArgumentNullException(nameof(identifyGate));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _logger = logger ?? NullLogger<ShardConnection>.Instance;
        _time = time ?? TimeProvider.System;
        _dispatches = Channel.CreateBounded<GatewayDispatch>(new BoundedChannelOptions(options.DispatchBufferSize)
        {
            SingleWriter = true,
            // A consumer waiting for the next dispatch resumes on the receive loop's thread instead of being woken on
            // another (a thread-pool hand-off and a spinning worker per dispatch: ~8 % of a shard's CPU under the firehose,
            // docs/benchmarks.md, eleventh pass). The reverse does not hold: the channel always releases a writer blocked on a
            // full buffer on the thread pool, never inside the consumer's read, so a consumer taking a batch is not interrupted
            // by a receive per item and the loop refills in a burst (the gateway's loop: about one blocked write per batch of
            // 256 under the firehose, docs/benchmarks.md, fifteenth pass).
            AllowSynchronousContinuations = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>This shard's id.</summary>
    public int ShardId => _options.ShardId;

    /// <summary>
    /// Every dispatch received (READY, RESUMED, replayed and live events), in order. Completes when the shard stops.
    /// A consumer awaiting this reader continues on the receive loop's thread (up to its next incomplete await), so it
    /// must not block that thread waiting for a later dispatch or for the shard itself.
    /// </summary>
    public ChannelReader<GatewayDispatch> Dispatches => _dispatches.Reader;

    /// <summary>
    /// The session to resume, at the last sequence received, or null before the first READY (or after an
    /// invalid session). The caller stores it wherever it likes through <see cref="IShardSessionStore"/>.
    /// </summary>
    public ShardSession? Session => _session is { } session
        ? new ShardSession(ShardId, _options.ShardCount, session.Id, session.ResumeUrl, Math.Max(_sequence, 0), _time.GetUtcNow())
        : null;

    /// <summary>A snapshot of the shard's state.</summary>
    public ShardState State
    {
        get
        {
            var latency = Interlocked.Read(ref _latencyTicks);
            var lastFrame = Interlocked.Read(ref _lastFrameAtUtcTicks);
            var sequence = _sequence;
            return new ShardState(
                ShardId,
                _status,
                sequence < 0 ? null : sequence,
                _session?.Id,
                _session?.ResumeUrl,
                latency < 0 ? null : TimeSpan.FromTicks(latency),
                lastFrame == 0 ? null : new DateTimeOffset(lastFrame, TimeSpan.Zero),
                Volatile.Read(ref _identifies),
                Volatile.Read(ref _resumes),
                _stopReason);
        }
    }

    /// <summary>
    /// Connects and keeps the shard connected until <paramref name="cancellationToken"/> is cancelled
    /// (the socket is then closed with a resumable code and the session saved) or a fatal close code arrives.
    /// </summary>
    public async Task<ShardStopReason> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("A shard connection runs once; create a new one to start again.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var stopping = linked.Token;
        try
        {
            await LoadSessionAsync(stopping);
            var failures = 0;
            while (true)
            {
                var outcome = await RunConnectionAsync(stopping);
                var reason = outcome.Reason ?? GatewayCloseCodes.Describe(outcome.CloseCode);
                LogClosed(ShardId, reason, outcome.Action);
                if (outcome.Action == CloseAction.Stop)
                {
                    _stopReason = new ShardStopReason(outcome.CloseCode, reason);
                    LogStoppedFatally(ShardId, reason);
                    await ForgetSessionAsync(CancellationToken.None);
                    return _stopReason;
                }

                if (outcome.Action == CloseAction.Reidentify)
                {
                    await ForgetSessionAsync(stopping);
                }

                failures = outcome.ReachedReady ? 0 : failures + 1;
                var delay = outcome.Delay ?? BackoffFor(failures);
                _status = ShardStatus.Reconnecting;
                if (delay > TimeSpan.Zero)
                {
                    LogReconnectDelay(ShardId, delay);
                    await Task.Delay(delay, _time, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _stopReason = new ShardStopReason(null, "stopped on request; the session was kept resumable");
            return _stopReason;
        }
        finally
        {
            _status = ShardStatus.Stopped;
            _dispatches.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Sends a command (presence update, request guild members, voice state...) whose <c>d</c> is UTF-8 JSON.
    /// Counts against the connection's 120 / 60 s budget, minus the room kept for heartbeats.
    /// </summary>
    /// <exception cref="GatewayPayloadTooLargeException">The encoded payload is over 4096 bytes; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">The shard is not connected, or the opcode is one the shard sends itself.</exception>
    public ValueTask SendAsync(GatewayOpcode opcode, ReadOnlyMemory<byte> dataJson, CancellationToken cancellationToken)
    {
        if (opcode is GatewayOpcode.Heartbeat or GatewayOpcode.Identify or GatewayOpcode.Resume)
        {
            throw new InvalidOperationException($"The shard sends {opcode} itself.");
        }

        var connection = _current ?? throw new InvalidOperationException($"Shard {ShardId} is not connected.");
        return connection.SendAsync((int)opcode, dataJson, important: false, cancellationToken);
    }

    /// <summary>Updates the bot's presence (op 3).</summary>
    public ValueTask UpdatePresenceAsync(PresenceUpdatePayload presence, CancellationToken cancellationToken) =>
        SendAsync(GatewayOpcode.PresenceUpdate, JsonSerializer.SerializeToUtf8Bytes(presence, GatewayJsonContext.Default.PresenceUpdatePayload), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        _disposed.Dispose();
    }

    private async Task LoadSessionAsync(CancellationToken cancellationToken)
    {
        var saved = await _sessions.LoadAsync(ShardId, cancellationToken);
        if (saved is null)
        {
            return;
        }

        if (saved.ShardCount != _options.ShardCount)
        {
            // Guild routing depends on the shard count: a session from another count must not be resumed.
            await _sessions.DeleteAsync(ShardId, cancellationToken);
            return;
        }

        _session = GatewaySession.Of(saved);
        _sequence = saved.Sequence;
    }

    private async Task SaveSessionAsync(CancellationToken cancellationToken)
    {
        if (Session is { } session)
        {
            await _sessions.SaveAsync(session, cancellationToken);
        }
    }

    private async Task ForgetSessionAsync(CancellationToken cancellationToken)
    {
        _session = null;
        _sequence = -1;
        await _sessions.DeleteAsync(ShardId, cancellationToken);
    }

    private TimeSpan BackoffFor(int failures)
    {
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }

        return ReconnectBackoff.For(failures - 1, _options.ReconnectDelay, _options.ReconnectJitter, _options.MaxReconnectDelay, _options.Random);
    }

    private Uri BuildUrl(Uri baseUrl)
    {
        var query = $"v={DiscordDefaults.ApiVersion}&encoding={GatewayEncodings.QueryValue(_options.Encoding)}";
        if (TransportCompressions.QueryValue(_options.Compression) is { } compress)
        {
            query += "&compress=" + compress;
        }

        return new UriBuilder(baseUrl) { Query = query }.Uri;
    }

    private async Task<ConnectionOutcome> RunConnectionAsync(CancellationToken stopping)
    {
        var session = _session;
        var url = BuildUrl(session?.ResumeUrl ?? _options.GatewayUrl);
        _status = ShardStatus.Connecting;
        LogConnecting(ShardId, url);

        await using var connection = new Connection(this, stopping);
        connection.ArmTimeout(_options.HelloTimeout, "HELLO");
        try
        {
            await connection.Socket.ConnectAsync(url, connection.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            LogConnectionFailed(ShardId, ex);
            return connection.ForcedOutcome ?? new ConnectionOutcome(CloseAction.Resume, null, false, null, "could not connect: " + ex.Message);
        }

        _current = connection;
        try
        {
            return await ReceiveLoopAsync(connection, session);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await connection.CloseAsync(ResumableCloseCode, "shard stopping");
            throw;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or GatewayDecodeException or InvalidDataException or JsonException)
        {
            if (connection.ForcedOutcome is { } forced)
            {
                return forced;
            }

            LogConnectionFailed(ShardId, ex);
            await connection.CloseAsync(ResumableCloseCode, "receive failed");
            return new ConnectionOutcome(CloseAction.Resume, null, connection.ReachedReady, null, "receive failed: " + ex.Message);
        }
        finally
        {
            _current = null;
            await connection.StopAsync();
            using var saveTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SaveSessionAsync(saveTimeout.Token);
        }
    }

    private async Task<ConnectionOutcome> ReceiveLoopAsync(Connection connection, GatewaySession? resuming)
    {
        var limit = _options.MaxReceivePayloadBytes;
        using var message = new PooledBufferWriter(64 * 1024, limit);
        using var inflated = new PooledBufferWriter(64 * 1024, limit);
        var fragments = 0L; // compressed bytes of a payload whose end has not come yet (zlib-stream's split messages)
        using var decompressor = TransportCompressions.CreateDecompressor(_options.Compression);
        var codec = GatewayCodecs.ForClient(_options.Encoding);
        try
        {
            while (true)
            {
                message.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await connection.Socket.ReceiveAsync(message.GetMemory(16 * 1024), connection.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return connection.ForcedOutcome ?? await OnServerCloseAsync(connection);
                    }

                    message.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                var receivedAt = _time.GetTimestamp();
                connection.FrameReceived(receivedAt);
                Interlocked.Exchange(ref _lastFrameAtUtcTicks, _time.GetUtcNow().UtcTicks);
                ReadOnlySpan<byte> payload;
                if (decompressor is null)
                {
                    payload = message.WrittenSpan;
                }
                else
                {
                    inflated.Clear();
                    fragments += message.WrittenCount;
                    if (!decompressor.TryDecompress(message.WrittenMemory, inflated))
                    {
                        if (fragments > limit)
                        {
                            throw new GatewayDecodeException($"A payload's compressed fragments passed {limit:N0} bytes before it ended.");
                        }

                        continue;
                    }

                    fragments = 0;

                    payload = inflated.WrittenSpan;
                }

                var frame = codec.Decode(payload);
                if (await HandleFrameAsync(connection, frame, resuming, receivedAt) is { } outcome)
                {
                    return outcome;
                }
            }
        }
        finally
        {
            (codec as IDisposable)?.Dispose();
        }
    }

    private static async Task<ConnectionOutcome> OnServerCloseAsync(Connection connection)
    {
        var code = (int?)connection.Socket.CloseStatus;
        // Echoing a server's 1000/1001 would end the session (a client closing with them invalidates it): reply resumably.
        await connection.CloseAsync(code is null or 1000 or 1001 ? ResumableCloseCode : code.Value, "closing");
        return new ConnectionOutcome(GatewayCloseCodes.ActionFor(code), code, connection.ReachedReady, null, null);
    }

    private async ValueTask<ConnectionOutcome?> HandleFrameAsync(Connection connection, GatewayFrame frame, GatewaySession? resuming, long receivedAt)
    {
        switch ((GatewayOpcode)frame.Opcode)
        {
            case GatewayOpcode.Dispatch:
                return await OnDispatchAsync(connection, frame, receivedAt);

            case GatewayOpcode.Heartbeat:
                await connection.SendHeartbeatAsync();
                return null;

            case GatewayOpcode.HeartbeatAck:
                var latency = connection.Acknowledged(_time.GetTimestamp());
                Interlocked.Exchange(ref _latencyTicks, latency.Ticks);
                return null;

            case GatewayOpcode.Hello:
                await OnHelloAsync(connection, frame, resuming);
                return null;

            case GatewayOpcode.Reconnect:
                LogReconnectRequested(ShardId);
                await connection.CloseAsync(ResumableCloseCode, "reconnect requested");
                return new ConnectionOutcome(CloseAction.Resume, null, connection.ReachedReady, TimeSpan.Zero, "the gateway asked for a reconnect (op 7)");

            case GatewayOpcode.InvalidSession:
                var resumable = frame.Data.Span.SequenceEqual("true"u8);
                LogInvalidSession(ShardId, resumable);
                await connection.CloseAsync(ResumableCloseCode, "invalid session");
                return resumable
                    ? new ConnectionOutcome(CloseAction.Resume, null, connection.ReachedReady, TimeSpan.Zero, "invalid session (resumable)")
                    : new ConnectionOutcome(CloseAction.Reidentify, null, connection.ReachedReady, _options.InvalidSessionDelay * Random.Shared.NextDouble(), "invalid session (not resumable)");

            default:
                return null;
        }
    }

    private async Task OnHelloAsync(Connection connection, GatewayFrame frame, GatewaySession? resuming)
    {
        var hello = JsonSerializer.Deserialize(frame.Data.Span, GatewayJsonContext.Default.HelloPayload)
            ?? throw new GatewayDecodeException("HELLO has no data.");
        if (hello.HeartbeatInterval <= 0)
        {
            throw new GatewayDecodeException("HELLO's heartbeat_interval must be positive.");
        }

        var interval = TimeSpan.FromMilliseconds(hello.HeartbeatInterval);
        connection.Disarm();
        connection.StartHeartbeat(interval);
        if (resuming is not null)
        {
            _status = ShardStatus.Resuming;
            Interlocked.Increment(ref _resumes);
            var resume = new ResumePayload(_options.Token, resuming.Id, Math.Max(_sequence, 0));
            await connection.SendAsync((int)GatewayOpcode.Resume, JsonSerializer.SerializeToUtf8Bytes(resume, GatewayJsonContext.Default.ResumePayload), important: true, connection.Token);
            connection.ArmTimeout(_options.ReadyTimeout, "RESUMED");
            return;
        }

        _status = ShardStatus.Identifying;
        // The receive loop is parked here, so ACKs go unread: the zombie check must not count this wait.
        connection.WaitingAtIdentifyGate = true;
        try
        {
            await _identifyGate.WaitAsync(ShardId, connection.Token);
        }
        finally
        {
            connection.WaitingAtIdentifyGate = false;
        }

        Interlocked.Increment(ref _identifies);
        var identify = new IdentifyPayload(
            _options.Token,
            _options.Properties,
            (int)_options.Intents,
            [_options.ShardId, _options.ShardCount],
            _options.LargeThreshold,
            _options.Presence);
        await connection.SendAsync((int)GatewayOpcode.Identify, JsonSerializer.SerializeToUtf8Bytes(identify, GatewayJsonContext.Default.IdentifyPayload), important: true, connection.Token);
        // The window is between IDENTIFYs on the wire: the send can come well after the grant (send limiter, a busy
        // thread pool), so the gate restarts the bucket's window from now.
        await _identifyGate.IdentifySentAsync(ShardId, connection.Token);
        connection.ArmTimeout(_options.ReadyTimeout, "READY");
    }

    private async ValueTask<ConnectionOutcome?> OnDispatchAsync(Connection connection, GatewayFrame frame, long receivedAt)
    {
        if (frame.Sequence is { } sequence)
        {
            _sequence = sequence;
        }

        var name = frame.EventName ?? string.Empty;
        GatewaySession? started = null;
        if (name == "READY")
        {
            var ready = JsonSerializer.Deserialize(frame.Data.Span, GatewayJsonContext.Default.ReadyPayload)
                ?? throw new GatewayDecodeException("READY has no data.");
            _session = started = new GatewaySession(ready.SessionId, new Uri(ready.ResumeGatewayUrl));
            connection.BecameReady();
            _status = ShardStatus.Ready;
            LogReady(ShardId, ready.SessionId, ready.Guilds.Count);
            await SaveSessionAsync(connection.Token);
        }
        else if (name == "RESUMED")
        {
            connection.BecameReady();
            _status = ShardStatus.Ready;
            LogResumed(ShardId, _session?.Id, _sequence);
            await SaveSessionAsync(connection.Token);
        }

        await _dispatches.Writer.WriteAsync(new GatewayDispatch(ShardId, frame.Sequence ?? 0, name, frame.Data) { ReceivedTimestamp = receivedAt, Started = started }, connection.Token);
        return null;
    }

    private sealed record ConnectionOutcome(CloseAction Action, int? CloseCode, bool ReachedReady, TimeSpan? Delay, string? Reason);
}
