namespace Cortex.Gateway.Routing;

/// <summary>The session a batch belongs to, and the sequence already routed in it (what a cluster's separate fence saves).</summary>
internal readonly record struct RouteBatch(int ShardId, int ShardCount, string SessionId, Uri ResumeUrl, DateTimeOffset SavedAt, int Confirmed = 0);

/// <summary>One dispatch bound for a stream: the stream index, and the entry's fields (guild 0: a DM, partition 0).</summary>
internal readonly record struct RoutedEvent(int Stream, string EventName, int Sequence, ulong Id, ReadOnlyMemory<byte> Data, ulong GuildId = 0)
{
    /// <summary><see cref="Id"/>'s decimal digits as read from <c>d</c> (<see cref="DispatchFields.IdDigits"/>), or empty: then it is formatted.</summary>
    public ReadOnlyMemory<byte> IdDigits { get; init; }

    /// <summary><see cref="GuildId"/>'s decimal digits as read from <c>d</c>, or empty, as <see cref="IdDigits"/>.</summary>
    public ReadOnlyMemory<byte> GuildDigits { get; init; }
}

/// <summary>Entries added, replays skipped, and the shard's delivered sequence after the batch.</summary>
internal readonly record struct RouteResult(long Added, long Skipped, int Delivered);

/// <summary>This replica no longer holds the shard's lease.</summary>
internal sealed class LeaseLostException : Exception
{
    public LeaseLostException(int shardId)
        : base($"Shard {shardId}'s lease is held by another replica.")
    {
    }

    public LeaseLostException()
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
