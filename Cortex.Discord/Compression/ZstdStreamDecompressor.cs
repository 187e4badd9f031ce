using Cortex.Discord.Codecs;
using ZstdSharp.Unsafe;

namespace Cortex.Discord.Compression;

/// <summary>
/// zstd-stream: one decompression context for the connection's lifetime. Each WebSocket message is
/// one gateway payload but does not end a zstd frame, so the context is driven until it has
/// consumed the message and stopped filling the output.
/// </summary>
public sealed unsafe class ZstdStreamDecompressor : ITransportDecompressor
{
    private ZSTD_DCtx_s* _context = Methods.ZSTD_createDCtx();

    /// <inheritdoc />
    public bool TryDecompress(ReadOnlyMemory<byte> message, PooledBufferWriter output)
    {
        ObjectDisposedException.ThrowIf(_context is null, this);
        var source = message.Span;
        nuint sourcePosition = 0;
        fixed (byte* sourcePointer = source)
        {
            while (true)
            {
                var destination = output.GetSpan(16 * 1024);
                nuint destinationPosition = 0;
                nuint result;
                fixed (byte* destinationPointer = destination)
                {
                    result = Methods.ZSTD_decompressStream_simpleArgs(
                        _context, destinationPointer, (nuint)destination.Length, &destinationPosition,
                        sourcePointer, (nuint)source.Length, &sourcePosition);
                }

                if (Methods.ZSTD_isError(result))
                {
                    throw new InvalidDataException($"zstd-stream: {Methods.ZSTD_getErrorName(result)}");
                }

                output.Advance((int)destinationPosition);
                if (sourcePosition == (nuint)source.Length && destinationPosition < (nuint)destination.Length)
                {
                    return true;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_context is not null)
        {
            Methods.ZSTD_freeDCtx(_context);
            _context = null;
        }
    }
}
