using System.IO.Compression;
using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>
/// zlib-stream, sending side: one deflate context per connection; each payload is followed by a
/// sync flush, so every message ends with <c>00 00 ff ff</c> as Discord's do.
/// </summary>
public sealed class ZlibStreamCompressor : ITransportCompressor
{
    private readonly BufferWriterStream _sink = new();
    private readonly ZLibStream _deflater;

    /// <summary>Creates a fresh context (one per connection).</summary>
    public ZlibStreamCompressor(CompressionLevel level = CompressionLevel.Fastest) =>
        _deflater = new ZLibStream(_sink, level, leaveOpen: true);

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> payload, PooledBufferWriter output)
    {
        _sink.Target = output;
        _deflater.Write(payload);
        _deflater.Flush();
        _sink.Target = null;
    }

    /// <inheritdoc />
    public void Dispose() => _deflater.Dispose();
}
