namespace Cortex.Discord.Compression;

/// <summary>zlib-stream's framing: the sync-flush suffix that ends a payload, and the zlib header that starts the stream.</summary>
internal static class ZlibStreamFraming
{
    private static ReadOnlySpan<byte> SyncFlushSuffix => [0x00, 0x00, 0xff, 0xff];

    /// <summary>Whether a WebSocket message ends a payload (the deflater's sync flush); otherwise it is a fragment.</summary>
    public static bool EndsPayload(ReadOnlySpan<byte> message) => message.EndsWith(SyncFlushSuffix);

    /// <summary>
    /// Checks RFC 1950's two-byte header at the start of the stream and returns its length, for a decoder of raw deflate.
    /// The same checks zlib makes: deflate method, a window of at most 32 KB, the check bits, and no preset dictionary.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a zlib header this decoder can follow.</exception>
    public static int ReadHeader(ReadOnlySpan<byte> stream)
    {
        if (stream.Length < 2)
        {
            throw new InvalidDataException("zlib-stream: the stream is shorter than its header.");
        }

        int method = stream[0], flags = stream[1];
        if ((method & 0x0f) != 8 || (method >> 4) > 7 || ((method << 8) | flags) % 31 != 0)
        {
            throw new InvalidDataException("zlib-stream: incorrect header.");
        }

        if ((flags & 0x20) != 0)
        {
            throw new InvalidDataException("zlib-stream: the stream asks for a preset dictionary.");
        }

        return 2;
    }
}
