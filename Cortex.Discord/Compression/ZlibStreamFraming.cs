namespace Cortex.Discord.Compression;

/// <summary>zlib-stream's framing: a payload ends with the deflater's sync flush, <c>00 00 ff ff</c>.</summary>
internal static class ZlibStreamFraming
{
    private static ReadOnlySpan<byte> SyncFlushSuffix => [0x00, 0x00, 0xff, 0xff];

    /// <summary>Whether a WebSocket message ends a payload; otherwise it is a fragment, to be kept until one does.</summary>
    public static bool EndsPayload(ReadOnlySpan<byte> message) => message.EndsWith(SyncFlushSuffix);
}
