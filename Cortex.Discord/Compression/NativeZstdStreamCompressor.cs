using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>
/// zstd-stream's sending side on the system's libzstd: the same window, level and flush as <see cref="ZstdStreamCompressor"/>,
/// so the receiver sees bytes of the same statistics, at a fraction of the managed port's cost. The emulator needs it so
/// it outruns the client on zstd as it does on zlib (docs/benchmarks.md, "Issue 19, tenth pass").
/// </summary>
public sealed unsafe class NativeZstdStreamCompressor : ITransportCompressor
{
    private readonly LibZstd _library;
    private readonly LibZstdCompression _compression;
    private readonly ZstdCompressionContext _context;

    internal NativeZstdStreamCompressor(LibZstd library, LibZstdCompression compression)
    {
        _library = library;
        _compression = compression;
        _context = new ZstdCompressionContext(library, compression);
    }

    /// <summary>A fresh context (one per connection), or null when libzstd, or its compressor, is not on this machine.</summary>
    public static NativeZstdStreamCompressor? TryCreate() =>
        LibZstd.Instance is { Compression: { } compression } library ? new(library, compression) : null;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> payload, PooledBufferWriter output)
    {
        var added = false;
        _context.DangerousAddRef(ref added);
        try
        {
            var context = _context.DangerousGetHandle();
            fixed (byte* sourcePointer = payload)
            {
                var input = new ZstdInBuffer { Source = sourcePointer, Size = (nuint)payload.Length };
                while (true)
                {
                    var destination = output.GetSpan(Math.Max(1024, payload.Length / 2));
                    fixed (byte* destinationPointer = destination)
                    {
                        var into = new ZstdOutBuffer { Destination = destinationPointer, Size = (nuint)destination.Length };
                        var remaining = _compression.CompressStreamFlush(context, &into, &input);
                        if (_library.IsError(remaining))
                        {
                            throw new InvalidDataException($"zstd-stream: {_library.ErrorName(remaining)}");
                        }

                        output.Advance((int)into.Position);
                        if (remaining == 0)
                        {
                            return;
                        }
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                _context.DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();
}
