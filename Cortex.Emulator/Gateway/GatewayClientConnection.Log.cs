namespace Cortex.Emulator.Gateway;

internal sealed partial class GatewayClientConnection
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Gateway connection {ConnectionId} identified: session {SessionId}, shard [{ShardId}, {ShardCount}]")]
    private partial void LogIdentified(int connectionId, string sessionId, int shardId, int shardCount);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Gateway connection {ConnectionId} resumed session {SessionId} from sequence {Sequence}")]
    private partial void LogResumed(int connectionId, string sessionId, int sequence);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Gateway connection {ConnectionId} closing with {Code}: {Reason}")]
    private partial void LogClosing(int connectionId, int code, string? reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Gateway connection {ConnectionId} missed its heartbeat")]
    private partial void LogHeartbeatMissed(int connectionId);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Gateway connection {ConnectionId}: identify of shard {ShardId} throttled (op 9)")]
    private partial void LogIdentifyThrottled(int connectionId, int shardId);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Gateway connection {ConnectionId} sent an undecodable payload: {Reason}")]
    private partial void LogDecodeError(int connectionId, string reason);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug, Message = "Gateway connection {ConnectionId} receive ended: {Reason}")]
    private partial void LogReceiveEnded(int connectionId, string reason);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Debug, Message = "Gateway connection {ConnectionId} write ended: {Reason}")]
    private partial void LogWriteEnded(int connectionId, string reason);
}
