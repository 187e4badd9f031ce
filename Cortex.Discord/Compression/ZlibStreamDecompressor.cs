using System.IO.Compression;
using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>
/// zlib-stream: one inflate context for the whole connection. Messages are buffered until one ends
/// with the sync-flush suffix <c>00 00 ff ff</c>, then everything buffered is inflated. The fallback where the runtime's
/// zlib cannot be called directly (<see cref="NativeZlibStreamDecompressor"/>): the same zlib-ng, through <c>ZLibStream</c>.
/// </summary>
public sealed class ZlibStreamDecompressor : ITransportDecompressor
{
    private readonly FeedStream _feed = new();
    private readonly ZLibStream _inflater;
    private readonly PooledBufferWriter _fragments = new(1024);

    /// <summary>Creates a fresh context (one per connection).</summary>
    public ZlibStreamDecompressor() => _inflater = new ZLibStream(_feed, CompressionMode.Decompress);

    /// <inheritdoc />
    public bool TryDecompress(ReadOnlyMemory<byte> message, PooledBufferWriter output)
    {
        if (!ZlibStreamFraming.TryComplete(_fragments, ref message))
        {
            return false;
        }

        _feed.Feed(message);
        while (true)
        {
            var span = output.GetSpan(16 * 1024);
            var read = _inflater.Read(span);
            output.Advance(read);

            // Room left in the output means the inflater ran out of input (zlib stops only then or when the output is
            // full); with the message fed whole, the sync flush has emptied it, so one more Read would only return 0.
            if (read == 0 || (read < span.Length && _feed.IsEmpty))
            {
                break;
            }
        }

        _fragments.Clear();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inflater.Dispose();
        _fragments.Dispose();
    }
}
