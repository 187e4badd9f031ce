using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Cortex.Discord.Gateway.Payloads;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// The server side of one gateway WebSocket: HELLO, then the client's payloads checked against
/// Discord's rules (close codes 4001–4014), and an outbox written in order through the
/// connection's encoder and compression context. The control API reaches in through the public members.
/// </summary>
internal sealed partial class GatewayClientConnection
{
    private readonly GatewayHub _hub;
    private readonly WebSocket _socket;
    private readonly IGatewayCodec _codec;
    private readonly ITransportCompressor? _compressor;
    private readonly Channel<OutgoingFrame> _outbox = Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
    private int _backlog;
    private readonly Queue<long> _receivedAt = new();
    private readonly Uri _resumeUrl;
    private readonly ILogger _logger;
    private long _lastHeartbeatAt;
    private int _heartbeatsReceived;
    private int _closeRequested;

    public GatewayClientConnection(GatewayHub hub, WebSocket socket, GatewayEncoding encoding, TransportCompression compression, bool viaResumeUrl, Uri resumeUrl, ILogger logger)
    {
        _hub = hub;
        _socket = socket;
        _logger = logger;
        Id = hub.NextConnectionId();
        Encoding = encoding;
        Compression = compression;
        ViaResumeUrl = viaResumeUrl;
        _resumeUrl = resumeUrl;
        _codec = GatewayCodecs.ForServer(encoding);
        _compressor = TransportCompressions.CreateCompressor(compression);
        ConnectedAt = hub.Time.GetUtcNow();
    }

    public int Id { get; }

    public GatewayEncoding Encoding { get; }

    public TransportCompression Compression { get; }

    public bool ViaResumeUrl { get; }

    public DateTimeOffset ConnectedAt { get; }

    public GatewaySession? Session { get; private set; }

    public bool AckHeartbeats { get; set; } = true;

    public TimeSpan AddedLatency { get; set; }

    public int HeartbeatsReceived => Volatile.Read(ref _heartbeatsReceived);

    /// <summary>Frames queued and not yet written: how far behind the client is.</summary>
    public int Backlog => Volatile.Read(ref _backlog);

    /// <summary>The close code the client sent, once it closed.</summary>
    public int? ClientCloseCode { get; private set; }

    /// <summary>Queues <paramref name="frame"/>; false once the connection has ended.</summary>
    public bool Enqueue(OutgoingFrame frame)
    {
        if (!_outbox.Writer.TryWrite(frame))
        {
            return false;
        }

        Interlocked.Increment(ref _backlog);
        return true;
    }

    /// <summary>Queues a close with <paramref name="code"/> behind everything already queued.</summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 0)
        {
            Enqueue(OutgoingFrame.Close(code, reason));
        }
    }

    /// <summary>Drops the TCP connection with no close frame, now.</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _closeRequested, 1);
        _socket.Abort();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var writer = WriteLoopAsync(lifetime.Token);
        _lastHeartbeatAt = _hub.Time.GetTimestamp();
        using var watchdog = _hub.Time.CreateTimer(_ => CheckHeartbeat(), null, WatchdogPeriod, WatchdogPeriod);
        Enqueue(new OutgoingFrame((int)GatewayOpcode.Hello, null, null,
            JsonSerializer.SerializeToUtf8Bytes(new HelloPayload(_hub.Options.HeartbeatIntervalMilliseconds), GatewayJsonContext.Default.HelloPayload)));
        try
        {
            await ReceiveLoopAsync(lifetime.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            LogReceiveEnded(Id, ex.Message);
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await lifetime.CancelAsync();
            await writer;
            while (_outbox.Reader.TryRead(out var unsent))
            {
                unsent.Round?.Abandon();
            }

            await AnswerClientCloseAsync();
            if (Session is { } session)
            {
                // 1000/1001 from the client end the session; anything else (or no close at all) keeps it resumable.
                if (ClientCloseCode is 1000 or 1001)
                {
                    _hub.Invalidate(session);
                }
                else
                {
                    session.Detach(this, _hub.Time.GetUtcNow());
                }
            }

            _compressor?.Dispose();
            (_codec as IDisposable)?.Dispose();
        }
    }

    private async Task AnswerClientCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            LogWriteEnded(Id, ex.Message);
        }
    }

    private TimeSpan WatchdogPeriod => TimeSpan.FromMilliseconds(Math.Max(5, _hub.Options.HeartbeatIntervalMilliseconds / 4));

    private void CheckHeartbeat()
    {
        var allowed = _hub.Options.HeartbeatInterval + TimeSpan.FromMilliseconds(_hub.Options.HeartbeatGraceMilliseconds);
        if (_closeRequested == 0 && _hub.Time.GetElapsedTime(Interlocked.Read(ref _lastHeartbeatAt)) > allowed)
        {
            LogHeartbeatMissed(Id);
            if (Session is { } session)
            {
                _hub.Invalidate(session);
            }

            Close((int)GatewayCloseCode.SessionTimedOut, "Heartbeat missed.");
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        using var message = new PooledBufferWriter(GatewayLimits.MaxSendPayloadBytes * 2);
        while (true)
        {
            message.Clear();
            ValueWebSocketReceiveResult result;
            var tooLarge = false;
            do
            {
                result = await _socket.ReceiveAsync(message.GetMemory(4096), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClientCloseCode = (int?)_socket.CloseStatus;
                    return;
                }

                message.Advance(result.Count);
                tooLarge |= message.WrittenCount > GatewayLimits.MaxSendPayloadBytes;
            }
            while (!result.EndOfMessage && !tooLarge);

            if (_closeRequested != 0)
            {
                continue;
            }

            if (tooLarge)
            {
                Close((int)GatewayCloseCode.DecodeError, "Payload over 4096 bytes.");
                continue;
            }

            if (!CountAgainstRateLimit())
            {
                Close((int)GatewayCloseCode.RateLimited, "You are being rate limited.");
                continue;
            }

            GatewayFrame frame;
            try
            {
                if (Encoding == GatewayEncoding.Etf && !EtfClientRules.UsesBinaryKeys(message.WrittenSpan))
                {
                    throw new GatewayDecodeException("Atom keys are not accepted from clients.");
                }

                frame = _codec.Decode(message.WrittenSpan);
            }
            catch (GatewayDecodeException ex)
            {
                LogDecodeError(Id, ex.Message);
                Close((int)GatewayCloseCode.DecodeError, "Error while decoding payload.");
                continue;
            }

            Handle(frame);
        }
    }

    private bool CountAgainstRateLimit()
    {
        var now = _hub.Time.GetTimestamp();
        while (_receivedAt.Count > 0 && _hub.Time.GetElapsedTime(_receivedAt.Peek(), now) >= GatewayLimits.SendWindow)
        {
            _receivedAt.Dequeue();
        }

        if (_receivedAt.Count >= GatewayLimits.SendsPerWindow)
        {
            return false;
        }

        _receivedAt.Enqueue(now);
        return true;
    }

    private void Handle(GatewayFrame frame)
    {
        switch ((GatewayOpcode)frame.Opcode)
        {
            case GatewayOpcode.Heartbeat:
                Interlocked.Exchange(ref _lastHeartbeatAt, _hub.Time.GetTimestamp());
                Interlocked.Increment(ref _heartbeatsReceived);
                if (AckHeartbeats)
                {
                    Enqueue(new OutgoingFrame((int)GatewayOpcode.HeartbeatAck, null, null, default));
                }

                break;
            case GatewayOpcode.Identify:
                Identify(frame.Data);
                break;
            case GatewayOpcode.Resume:
                Resume(frame.Data);
                break;
            case GatewayOpcode.PresenceUpdate or GatewayOpcode.VoiceStateUpdate or GatewayOpcode.RequestGuildMembers or GatewayOpcode.RequestSoundboardSounds:
                if (Session is null)
                {
                    Close((int)GatewayCloseCode.NotAuthenticated, "Not authenticated.");
                }
                else if (frame.Opcode == (int)GatewayOpcode.PresenceUpdate)
                {
                    Session.LastPresence = frame.Data;
                }
                else if (frame.Opcode == (int)GatewayOpcode.RequestGuildMembers)
                {
                    SendMembersChunk(frame.Data);
                }

                break;
            default:
                Close((int)GatewayCloseCode.UnknownOpcode, "Unknown opcode.");
                break;
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        using var encoded = new PooledBufferWriter(64 * 1024);
        using var compressed = new PooledBufferWriter(64 * 1024);
        var messageType = _compressor is not null || Encoding == GatewayEncoding.Etf ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        FirehoseRound? round = null;
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                Interlocked.Decrement(ref _backlog);
                if (frame.Round is { } next)
                {
                    round = next;
                    await SendRoundAsync(round, encoded, compressed, messageType, cancellationToken);
                    continue;
                }

                if (AddedLatency > TimeSpan.Zero)
                {
                    await Task.Delay(AddedLatency, _hub.Time, cancellationToken);
                }

                if (frame.Abort)
                {
                    _socket.Abort();
                    return;
                }

                if (frame.CloseCode is { } code)
                {
                    LogClosing(Id, code, frame.CloseReason);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, frame.CloseReason, timeout.Token);
                    return;
                }

                await _socket.SendAsync(Wire(frame, encoded, compressed), messageType, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            LogWriteEnded(Id, ex.Message);
        }
        finally
        {
            // A round still waiting for its preparation when the connection ends releases its control request.
            round?.Abandon();
        }
    }

    // Encodes and compresses every frame of the round (a slice at a time past FirehoseRound.SliceBytes) before sending
    // the first, so the client reads as fast as it can (or at the round's pace) instead of waiting for the compressor.
    private async Task SendRoundAsync(FirehoseRound round, PooledBufferWriter encoded, PooledBufferWriter compressed, WebSocketMessageType messageType, CancellationToken cancellationToken)
    {
        var pacer = round.EventsPerSecond is { } pace ? new FirehosePacer(pace, _hub.Time) : null;
        var prepared = new PreparedMessages();
        var next = 0;
        while (next < round.Frames.Count)
        {
            prepared.Clear();
            while (next < round.Frames.Count && prepared.Bytes < FirehoseRound.SliceBytes)
            {
                prepared.Add(Wire(round.Frames[next++], encoded, compressed).Span);
            }

            round.MarkPrepared(prepared.Bytes);
            for (var i = 0; i < prepared.Count; i++)
            {
                if (AddedLatency > TimeSpan.Zero)
                {
                    await Task.Delay(AddedLatency, _hub.Time, cancellationToken);
                }

                if (pacer is not null)
                {
                    await pacer.WaitTurnAsync(cancellationToken);
                }

                await _socket.SendAsync(prepared[i], messageType, endOfMessage: true, cancellationToken);
            }
        }
    }

    // The frame as it goes on the wire: encoded, then through the connection's compression context if it has one.
    private ReadOnlyMemory<byte> Wire(OutgoingFrame frame, PooledBufferWriter encoded, PooledBufferWriter compressed)
    {
        encoded.Clear();
        _codec.Encode(encoded, frame.Opcode, frame.Data.Span, frame.Sequence, frame.EventName);
        if (_compressor is null)
        {
            return encoded.WrittenMemory;
        }

        compressed.Clear();
        _compressor.Compress(encoded.WrittenSpan, compressed);
        return compressed.WrittenMemory;
    }
}
