using Cortex.Discord.Codecs;
using ZstdSharp.Unsafe;

namespace Cortex.Discord.Compression;

/// <summary>zstd-stream, sending side: one context per connection, each payload flushed (ZSTD_e_flush), never ending the frame.</summary>
public sealed unsafe class ZstdStreamCompressor : ITransportCompressor
{
    private ZSTD_CCtx_s* _context = Methods.ZSTD_createCCtx();

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> payload, PooledBufferWriter output)
    {
        ObjectDisposedException.ThrowIf(_context is null, this);
        nuint sourcePosition = 0;
        fixed (byte* sourcePointer = payload)
        {
            while (true)
            {
                var destination = output.GetSpan(Math.Max(1024, payload.Length / 2));
                nuint destinationPosition = 0;
                nuint remaining;
                fixed (byte* destinationPointer = destination)
                {
                    remaining = Methods.ZSTD_compressStream2_simpleArgs(
                        _context, destinationPointer, (nuint)destination.Length, &destinationPosition,
                        sourcePointer, (nuint)payload.Length, &sourcePosition, ZSTD_EndDirective.ZSTD_e_flush);
                }

                if (Methods.ZSTD_isError(remaining))
                {
                    throw new InvalidDataException($"zstd-stream: {Methods.ZSTD_getErrorName(remaining)}");
                }

                output.Advance((int)destinationPosition);
                if (remaining == 0)
                {
                    return;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_context is not null)
        {
            Methods.ZSTD_freeCCtx(_context);
            _context = null;
        }
    }
}
