namespace Cortex.Discord.Gateway;

/// <summary>One dispatch (op 0) received by a shard, in order, with its <c>d</c> as UTF-8 JSON.</summary>
/// <param name="ShardId">The shard that received it.</param>
/// <param name="Sequence">Its sequence number in the session.</param>
/// <param name="EventName">The dispatch name (<c>t</c>), e.g. MESSAGE_CREATE.</param>
/// <param name="Data">The <c>d</c> object as UTF-8 JSON, whatever the wire encoding.</param>
public sealed record GatewayDispatch(int ShardId, int Sequence, string EventName, ReadOnlyMemory<byte> Data)
{
    /// <summary>
    /// When the frame was read off the socket (a <see cref="TimeProvider.GetTimestamp"/> of the shard's clock), so
    /// the consumer can measure how long it sat in the receive buffer.
    /// </summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>On READY, the session it started (parsed once, by the connection); null on every other dispatch.</summary>
    public GatewaySession? Started { get; init; }
}
