namespace Cortex.Discord.Gateway;

/// <summary>Where a shard connection is in its lifecycle.</summary>
public enum ShardStatus
{
    /// <summary>Not started.</summary>
    Idle,

    /// <summary>Opening the WebSocket and waiting for HELLO.</summary>
    Connecting,

    /// <summary>IDENTIFY sent (or waiting at the identify gate); waiting for READY.</summary>
    Identifying,

    /// <summary>RESUME sent; waiting for the replay and RESUMED.</summary>
    Resuming,

    /// <summary>READY or RESUMED received: dispatches flow.</summary>
    Ready,

    /// <summary>The connection ended; a new one is about to be opened.</summary>
    Reconnecting,

    /// <summary>Stopped for good: cancelled, or a fatal close code.</summary>
    Stopped,
}

/// <summary>A snapshot of a shard's state for the shard manager (health, metrics, session hand-off).</summary>
/// <param name="ShardId">The shard.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="Sequence">The last dispatch sequence received, if any.</param>
/// <param name="SessionId">The current session, if any.</param>
/// <param name="ResumeUrl">Where to resume it.</param>
/// <param name="Latency">Time from the last heartbeat to its ACK, once measured.</param>
/// <param name="LastFrameAt">When any frame was last received (liveness).</param>
/// <param name="Identifies">IDENTIFYs sent so far.</param>
/// <param name="Resumes">RESUMEs sent so far.</param>
/// <param name="StopReason">Why it stopped, once <see cref="ShardStatus.Stopped"/>.</param>
public sealed record ShardState(
    int ShardId,
    ShardStatus Status,
    int? Sequence,
    string? SessionId,
    Uri? ResumeUrl,
    TimeSpan? Latency,
    DateTimeOffset? LastFrameAt,
    int Identifies,
    int Resumes,
    ShardStopReason? StopReason);

/// <summary>Why a shard stopped.</summary>
/// <param name="CloseCode">The fatal close code, or null when the shard was cancelled.</param>
/// <param name="Description">A sentence for logs and operators.</param>
public sealed record ShardStopReason(int? CloseCode, string Description)
{
    /// <summary>True when a fatal close code stopped the shard (it must not be restarted unchanged).</summary>
    public bool IsFatal => CloseCode is not null;
}
