using Cortex.Discord.Codecs;
using ZstdSharp.Unsafe;

namespace Cortex.Discord.Compression;

/// <summary>
/// zstd-stream, sending side, on the managed port (where libzstd does not load; see <see cref="NativeZstdStreamCompressor"/>): one context per connection, each payload flushed (ZSTD_e_flush), never ending the frame.
/// The window is 256 KB, not level 3's 2 MB: the benchmark mixes repeat every few hundred KB, and a window that reaches
/// the previous repeat turns every payload into one long match (34 bytes for a 3.4 KB event), which real traffic never
/// is; it also keeps the emulator's memory per connection small.
/// </summary>
public sealed unsafe class ZstdStreamCompressor : ITransportCompressor
{
    /// <summary>log2 of the window: 256 KB.</summary>
    public const int WindowLog = 18;

    /// <summary>The compression level: zstd's default, 3, named so the libzstd sender sets the same.</summary>
    public const int Level = 3;

    private ZSTD_CCtx_s* _context = CreateContext();

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

    private static ZSTD_CCtx_s* CreateContext()
    {
        var context = Methods.ZSTD_createCCtx();
        Methods.ZSTD_CCtx_setParameter(context, ZSTD_cParameter.ZSTD_c_compressionLevel, Level);
        Methods.ZSTD_CCtx_setParameter(context, ZSTD_cParameter.ZSTD_c_windowLog, WindowLog);
        return context;
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
