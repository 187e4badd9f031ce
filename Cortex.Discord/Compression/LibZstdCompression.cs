using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>
/// libzstd's compression side (the emulator sends zstd-stream with it): bound apart from <see cref="LibZstd"/>'s
/// decompression functions, because libzstd can be built without a compressor and the receiving side must still work.
/// </summary>
internal sealed unsafe class LibZstdCompression
{
    /// <summary>ZSTD_c_compressionLevel.</summary>
    public const int CompressionLevelParameter = 100;

    /// <summary>ZSTD_c_windowLog.</summary>
    public const int WindowLogParameter = 101;

    /// <summary>ZSTD_e_flush: end the block so the receiver can decode everything sent so far, keep the frame open.</summary>
    private const int FlushDirective = 1;

    private readonly delegate* unmanaged<nint> _createCCtx;
    private readonly delegate* unmanaged<nint, nuint> _freeCCtx;
    private readonly delegate* unmanaged<nint, int, int, nuint> _setParameter;
    private readonly delegate* unmanaged<nint, ZstdOutBuffer*, ZstdInBuffer*, int, nuint> _compressStream2;

    private LibZstdCompression(nint library)
    {
        _createCCtx = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "ZSTD_createCCtx");
        _freeCCtx = (delegate* unmanaged<nint, nuint>)NativeLibrary.GetExport(library, "ZSTD_freeCCtx");
        _setParameter = (delegate* unmanaged<nint, int, int, nuint>)NativeLibrary.GetExport(library, "ZSTD_CCtx_setParameter");
        _compressStream2 = (delegate* unmanaged<nint, ZstdOutBuffer*, ZstdInBuffer*, int, nuint>)NativeLibrary.GetExport(library, "ZSTD_compressStream2");
    }

    /// <summary>The compression functions of <paramref name="library"/>, or null when it exports none.</summary>
    public static LibZstdCompression? Bind(nint library)
    {
        try
        {
            return new LibZstdCompression(library);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    public nint CreateCCtx() => _createCCtx();

    public void FreeCCtx(nint context) => _freeCCtx(context);

    /// <summary>ZSTD_CCtx_setParameter; a result that <see cref="LibZstd.IsError"/> is an error code.</summary>
    public nuint SetParameter(nint context, int parameter, int value) => _setParameter(context, parameter, value);

    /// <summary>ZSTD_compressStream2 with ZSTD_e_flush: the bytes still to flush, 0 when the payload is all out.</summary>
    public nuint CompressStreamFlush(nint context, ZstdOutBuffer* output, ZstdInBuffer* input) => _compressStream2(context, output, input, FlushDirective);
}
