using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>A libzstd ZSTD_DCtx, freed exactly once even if its owner is never disposed.</summary>
internal sealed class ZstdDecompressionContext : SafeHandle
{
    private readonly LibZstd _library;

    public ZstdDecompressionContext(LibZstd library)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _library = library;
        SetHandle(library.CreateDCtx());
        if (IsInvalid)
        {
            throw new InvalidOperationException("libzstd could not allocate a decompression context.");
        }
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _library.FreeDCtx(handle);
        return true;
    }
}
