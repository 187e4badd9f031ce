using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>A libzstd ZSTD_CCtx with zstd-stream's window and level set, freed exactly once even if its owner is never disposed.</summary>
internal sealed class ZstdCompressionContext : SafeHandle
{
    private readonly LibZstd _library;
    private readonly LibZstdCompression _compression;

    public ZstdCompressionContext(LibZstd library, LibZstdCompression compression)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _library = library;
        _compression = compression;
        SetHandle(compression.CreateCCtx());
        if (IsInvalid)
        {
            throw new InvalidOperationException("libzstd could not allocate a compression context.");
        }

        Set(LibZstdCompression.CompressionLevelParameter, ZstdStreamCompressor.Level);
        Set(LibZstdCompression.WindowLogParameter, ZstdStreamCompressor.WindowLog);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _compression.FreeCCtx(handle);
        return true;
    }

    private void Set(int parameter, int value)
    {
        var result = _compression.SetParameter(handle, parameter, value);
        if (_library.IsError(result))
        {
            throw new InvalidOperationException($"zstd-stream: parameter {parameter} = {value}: {_library.ErrorName(result)}");
        }
    }
}
