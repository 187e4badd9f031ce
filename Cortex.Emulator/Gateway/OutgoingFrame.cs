namespace Cortex.Emulator.Gateway;

/// <summary>
/// One item of a connection's outbox, written in order by its writer loop: a payload, a firehose round (prepared whole,
/// then sent), or a close (with a code, or an abort with no close frame at all).
/// </summary>
internal sealed record OutgoingFrame(int Opcode, int? Sequence, string? EventName, ReadOnlyMemory<byte> Data)
{
    public int? CloseCode { get; init; }

    public string? CloseReason { get; init; }

    public bool Abort { get; init; }

    public FirehoseRound? Round { get; init; }

    public static OutgoingFrame Close(int code, string reason) => new(-1, null, null, default) { CloseCode = code, CloseReason = reason };

    public static OutgoingFrame AbortWithoutClose() => new(-1, null, null, default) { Abort = true };

    public static OutgoingFrame Firehose(FirehoseRound round) => new(-1, null, null, default) { Round = round };
}
