using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>A zlib inflate stream of the runtime's zlib-ng (<see cref="RuntimeZlib"/>), ended and freed exactly once.</summary>
internal sealed unsafe class RuntimeZlibInflateStream : SafeHandle
{
    private readonly RuntimeZlib _library;

    public RuntimeZlibInflateStream(RuntimeZlib library)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _library = library;
        var stream = (PalZStream*)NativeMemory.AllocZeroed((nuint)sizeof(PalZStream));
        if (library.InflateInit(stream) != 0)
        {
            NativeMemory.Free(stream);
            throw new InvalidOperationException("zlib could not allocate an inflate stream.");
        }

        SetHandle((nint)stream);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The stream; valid while the handle is held (DangerousAddRef).</summary>
    public PalZStream* Stream => (PalZStream*)handle;

    protected override bool ReleaseHandle()
    {
        _library.InflateEnd(Stream);
        NativeMemory.Free(Stream);
        return true;
    }
}
