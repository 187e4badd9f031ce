using Microsoft.Extensions.Logging;

namespace Cortex.Discord.Gateway;

public sealed partial class ShardConnection
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Shard {ShardId} connecting to {Url}")]
    private partial void LogConnecting(int shardId, Uri url);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Shard {ShardId} ready: session {SessionId}, {GuildCount} guilds")]
    private partial void LogReady(int shardId, string sessionId, int guildCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Shard {ShardId} resumed session {SessionId} at sequence {Sequence}")]
    private partial void LogResumed(int shardId, string? sessionId, int sequence);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Shard {ShardId} closed: {Reason}; next: {Action}")]
    private partial void LogClosed(int shardId, string reason, CloseAction action);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Shard {ShardId} missed a heartbeat ACK and received nothing since: zombie connection, reconnecting to resume")]
    private partial void LogZombie(int shardId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Shard {ShardId} got INVALID_SESSION (resumable: {Resumable})")]
    private partial void LogInvalidSession(int shardId, bool resumable);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Shard {ShardId} was asked to reconnect (op 7)")]
    private partial void LogReconnectRequested(int shardId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Shard {ShardId} stopped for good: {Reason}")]
    private partial void LogStoppedFatally(int shardId, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Shard {ShardId} connection failed")]
    private partial void LogConnectionFailed(int shardId, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Shard {ShardId}: {What} did not arrive within {Timeout}")]
    private partial void LogTimedOut(int shardId, string what, TimeSpan timeout);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Shard {ShardId} reconnecting in {Delay}")]
    private partial void LogReconnectDelay(int shardId, TimeSpan delay);
}
