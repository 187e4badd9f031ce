using Cortex.Discord.Gateway;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// A session created by IDENTIFY: its sequence counter, the replay buffer RESUME reads from, and the
/// connection currently attached (none while the client is away; then it expires after a while).
/// </summary>
internal sealed class GatewaySession(string id, int shardId, int shardCount, GatewayIntents intents, int replayBufferSize, DateTimeOffset createdAt)
{
    private readonly Lock _lock = new();
    private readonly Queue<SessionEvent> _replay = new();
    private GatewayClientConnection? _connection;
    private int _sequence;

    public string Id { get; } = id;

    public int ShardId { get; } = shardId;

    public int ShardCount { get; } = shardCount;

    public GatewayIntents Intents { get; } = intents;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset? DetachedAt { get; private set; }

    public bool Invalidated { get; private set; }

    public ReadOnlyMemory<byte> LastPresence { get; set; }

    public int Sequence
    {
        get
        {
            lock (_lock)
            {
                return _sequence;
            }
        }
    }

    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _connection is not null;
            }
        }
    }

    public void Attach(GatewayClientConnection connection)
    {
        lock (_lock)
        {
            _connection = connection;
            DetachedAt = null;
        }
    }

    /// <summary>Numbers the dispatch, keeps it for replay and hands it to the attached connection.</summary>
    public void Dispatch(string eventName, ReadOnlyMemory<byte> data)
    {
        lock (_lock)
        {
            if (Invalidated)
            {
                return;
            }

            var item = Keep(eventName, data);
            _connection?.Enqueue(new OutgoingFrame(0, item.Sequence, eventName, data));
        }
    }

    // Numbers a dispatch and keeps it in the replay buffer (the caller holds the lock).
    private SessionEvent Keep(string eventName, ReadOnlyMemory<byte> data)
    {
        var item = new SessionEvent(++_sequence, eventName, data);
        _replay.Enqueue(item);
        while (_replay.Count > replayBufferSize)
        {
            _replay.Dequeue();
        }

        return item;
    }

    /// <summary>
    /// Numbers <paramref name="count"/> dispatches cycling through <paramref name="mix"/>, keeps them for replay and hands
    /// them to the attached connection as one <see cref="FirehoseRound"/>, prepared whole before it is sent. Returns the
    /// first sequence, and no round when no connection took it (the events are still kept for a RESUME). A round with
    /// <paramref name="eventsPerSecond"/> is sent at that pace, else as fast as the client reads.
    /// </summary>
    public (int FirstSequence, FirehoseRound? Round) DispatchRound(IReadOnlyList<(string EventName, byte[] Data)> mix, int count, int? eventsPerSecond = null)
    {
        lock (_lock)
        {
            var first = _sequence + 1;
            if (Invalidated)
            {
                return (first, null);
            }

            var frames = new OutgoingFrame[count];
            for (var i = 0; i < count; i++)
            {
                var (eventName, data) = mix[i % mix.Count];
                var item = Keep(eventName, data);
                frames[i] = new OutgoingFrame(0, item.Sequence, eventName, data);
            }

            var round = new FirehoseRound(frames, eventsPerSecond);
            return (first, _connection?.Enqueue(OutgoingFrame.Firehose(round)) == true ? round : null);
        }
    }

    /// <summary>
    /// Moves the session to <paramref name="connection"/>, queues every dispatch after
    /// <paramref name="sequence"/> and then RESUMED. Returns the connection it was taken from, if any.
    /// </summary>
    public ResumeResult Resume(GatewayClientConnection connection, int sequence, ReadOnlyMemory<byte> resumedData, out GatewayClientConnection? previous)
    {
        lock (_lock)
        {
            previous = null;
            if (Invalidated)
            {
                return ResumeResult.Unknown;
            }

            if (sequence > _sequence || sequence < 0)
            {
                return ResumeResult.InvalidSequence;
            }

            var oldest = _replay.Count == 0 ? _sequence + 1 : _replay.Peek().Sequence;
            if (sequence + 1 < oldest)
            {
                // The events after the client's sequence are no longer kept: it must start over.
                return ResumeResult.Unknown;
            }

            previous = _connection;
            _connection = connection;
            DetachedAt = null;
            foreach (var item in _replay)
            {
                if (item.Sequence > sequence)
                {
                    connection.Enqueue(new OutgoingFrame(0, item.Sequence, item.EventName, item.Data));
                }
            }

            var resumed = new SessionEvent(++_sequence, "RESUMED", resumedData);
            _replay.Enqueue(resumed);
            connection.Enqueue(new OutgoingFrame(0, resumed.Sequence, resumed.EventName, resumed.Data));
            return ResumeResult.Resumed;
        }
    }

    public void Detach(GatewayClientConnection connection, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
                DetachedAt = now;
            }
        }
    }

    public void Invalidate()
    {
        lock (_lock)
        {
            Invalidated = true;
            _connection = null;
            _replay.Clear();
        }
    }

    private sealed record SessionEvent(int Sequence, string EventName, ReadOnlyMemory<byte> Data);
}

/// <summary>What a RESUME came to.</summary>
internal enum ResumeResult
{
    Resumed,
    Unknown,
    InvalidSequence,
}
