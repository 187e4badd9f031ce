using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>zlib-stream's framing: a payload ends with the deflater's sync flush, <c>00 00 ff ff</c>.</summary>
internal static class ZlibStreamFraming
{
    private static ReadOnlySpan<byte> SyncFlushSuffix => [0x00, 0x00, 0xff, 0xff];

    /// <summary>Whether a WebSocket message ends a payload; otherwise it is a fragment, to be kept until one does.</summary>
    public static bool EndsPayload(ReadOnlySpan<byte> message) => message.EndsWith(SyncFlushSuffix);

    /// <summary>
    /// Keeps <paramref name="message"/> in <paramref name="fragments"/> and returns false when it does not end a payload;
    /// otherwise returns true with <paramref name="message"/> set to the whole payload's bytes (the kept fragments and it,
    /// or it alone). The caller clears <paramref name="fragments"/> once the payload is inflated.
    /// </summary>
    public static bool TryComplete(PooledBufferWriter fragments, ref ReadOnlyMemory<byte> message)
    {
        if (!EndsPayload(message.Span))
        {
            fragments.Write(message.Span);
            return false;
        }

        if (fragments.WrittenCount > 0)
        {
            fragments.Write(message.Span);
            message = fragments.WrittenMemory;
        }

        return true;
    }
}
