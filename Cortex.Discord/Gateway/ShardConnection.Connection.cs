using System.Net.WebSockets;
using System.Text;
using Cortex.Discord.Codecs;

namespace Cortex.Discord.Gateway;

public sealed partial class ShardConnection
{
    /// <summary>
    /// One WebSocket of the shard: its heartbeat, send budget, encoder and timers. A new one per
    /// reconnect, so nothing (zlib context, rate window, ACK state) leaks from one socket to the next.
    /// </summary>
    private sealed class Connection : IAsyncDisposable
    {
        private readonly ShardConnection _shard;
        private readonly CancellationTokenSource _lifetime;
        private readonly GatewaySendLimiter _limiter;
        private readonly IGatewayCodec _sendCodec;
        private readonly PooledBufferWriter _sendBuffer = new(GatewayLimits.MaxSendPayloadBytes * 2);
        private readonly Lock _encodeLock = new();
        private readonly SemaphoreSlim _socketLock = new(1, 1);
        private readonly WebSocketMessageType _messageType;
        private ITimer? _timeout;
        private Task _heartbeat = Task.CompletedTask;
        private long _heartbeatSentAt;
        private long _lastFrameAt;
        private volatile bool _awaitingAck;
        private int _closing;
        private volatile ConnectionOutcome? _forcedOutcome;

        public Connection(ShardConnection shard, CancellationToken stopping)
        {
            _shard = shard;
            _lifetime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _limiter = new GatewaySendLimiter(shard._time);
            _sendCodec = GatewayCodecs.ForClient(shard._options.Encoding);
            _messageType = shard._options.Encoding == GatewayEncoding.Etf ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            Socket = new ClientWebSocket();
            Socket.Options.KeepAliveInterval = TimeSpan.Zero;
        }

        public ClientWebSocket Socket { get; }

        public CancellationToken Token => _lifetime.Token;

        public bool ReachedReady { get; private set; }

        /// <summary>Set by a timer or the heartbeat before they tear the socket down, so the receive loop reports why.</summary>
        public ConnectionOutcome? ForcedOutcome => _forcedOutcome;

        public void FrameReceived(long timestamp) => Interlocked.Exchange(ref _lastFrameAt, timestamp);

        public TimeSpan Acknowledged(long timestamp)
        {
            _awaitingAck = false;
            return _shard._time.GetElapsedTime(Interlocked.Read(ref _heartbeatSentAt), timestamp);
        }

        public void BecameReady()
        {
            ReachedReady = true;
            Disarm();
        }

        public void ArmTimeout(TimeSpan timeout, string awaited)
        {
            Disarm();
            _timeout = _shard._time.CreateTimer(
                _ =>
                {
                    _shard.LogTimedOut(_shard.ShardId, awaited, timeout);
                    // A missing HELLO is a transport problem (keep the session); a missing READY/RESUMED means start over.
                    var action = awaited == "HELLO" ? CloseAction.Resume : CloseAction.Reidentify;
                    _ = TearDownAsync(new ConnectionOutcome(action, null, ReachedReady, null, $"{awaited} timed out after {timeout}"));
                },
                null,
                timeout,
                Timeout.InfiniteTimeSpan);
        }

        public void Disarm()
        {
            _timeout?.Dispose();
            _timeout = null;
        }

        public void StartHeartbeat(TimeSpan interval)
        {
            _limiter.ReserveForHeartbeats(interval);
            _heartbeat = HeartbeatLoopAsync(interval);
        }

        public ValueTask SendHeartbeatAsync()
        {
            var sequence = _shard._sequence;
            Interlocked.Exchange(ref _heartbeatSentAt, _shard._time.GetTimestamp());
            _awaitingAck = true;
            var data = sequence < 0 ? "null"u8.ToArray() : Encoding.ASCII.GetBytes(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return SendAsync((int)GatewayOpcode.Heartbeat, data, important: true, Token);
        }

        public async ValueTask SendAsync(int opcode, ReadOnlyMemory<byte> dataJson, bool important, CancellationToken cancellationToken)
        {
            byte[] encoded;
            lock (_encodeLock)
            {
                _sendBuffer.Clear();
                _sendCodec.Encode(_sendBuffer, opcode, dataJson.Span);
                if (_sendBuffer.WrittenCount > GatewayLimits.MaxSendPayloadBytes)
                {
                    throw new GatewayPayloadTooLargeException(
                        $"The op {opcode} payload is {_sendBuffer.WrittenCount} bytes; the gateway accepts at most {GatewayLimits.MaxSendPayloadBytes}.");
                }

                encoded = _sendBuffer.ToArray();
            }

            await _limiter.WaitAsync(important, cancellationToken);
            await _socketLock.WaitAsync(cancellationToken);
            try
            {
                await Socket.SendAsync(encoded, _messageType, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _socketLock.Release();
            }
        }

        /// <summary>Closes with <paramref name="code"/> (once), giving the peer two seconds to take the close frame.</summary>
        public async Task CloseAsync(int code, string reason)
        {
            if (Interlocked.Exchange(ref _closing, 1) == 1)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socketLock.WaitAsync(timeout.Token);
                try
                {
                    if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
                    }
                }
                finally
                {
                    _socketLock.Release();
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The socket is already gone; there is no one left to tell.
            }
        }

        public async Task StopAsync()
        {
            Disarm();
            await _lifetime.CancelAsync();
            try
            {
                await _heartbeat;
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            Socket.Dispose();
            _limiter.Dispose();
            _socketLock.Dispose();
            _sendBuffer.Dispose();
            (_sendCodec as IDisposable)?.Dispose();
            _lifetime.Dispose();
        }

        private async Task TearDownAsync(ConnectionOutcome outcome)
        {
            _forcedOutcome ??= outcome;
            await CloseAsync(ResumableCloseCode, outcome.Reason ?? "closing");
            Socket.Abort();
        }

        private async Task HeartbeatLoopAsync(TimeSpan interval)
        {
            try
            {
                await Task.Delay(interval * Random.Shared.NextDouble(), _shard._time, Token);
                while (!Token.IsCancellationRequested)
                {
                    // Zombie: the last heartbeat went unanswered and nothing at all arrived since it was sent.
                    if (_awaitingAck && Interlocked.Read(ref _lastFrameAt) < Interlocked.Read(ref _heartbeatSentAt))
                    {
                        _shard.LogZombie(_shard.ShardId);
                        await TearDownAsync(new ConnectionOutcome(CloseAction.Resume, null, ReachedReady, TimeSpan.Zero, "no heartbeat ACK (zombie connection)"));
                        return;
                    }

                    await SendHeartbeatAsync();
                    await Task.Delay(interval, _shard._time, Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
                // The receive loop sees the broken socket and decides what comes next.
            }
        }
    }
}
