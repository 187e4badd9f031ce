using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>
/// The system's libzstd, bound at run time: the functions zstd-stream's receiving side needs, as function pointers
/// resolved once. Null <see cref="Instance"/> when the library is not on the machine (a container without it, Windows
/// without a zstd DLL), so callers fall back to the managed port. The sending side's functions are resolved separately
/// (<see cref="Compression"/>), so a decoder-only build of libzstd still serves the receiving side.
/// </summary>
internal sealed unsafe class LibZstd
{
    // Debian/Ubuntu ship libzstd.so.1 (dpkg depends on it); libzstd.so alone comes only with -dev packages.
    private static readonly string[] Names = ["libzstd.so.1", "libzstd.1.dylib", "libzstd.dll", "zstd.dll", "libzstd"];

    private static readonly Lazy<LibZstd?> Loaded = new(() => Load(Names));

    private readonly delegate* unmanaged<nint> _createDCtx;
    private readonly delegate* unmanaged<nint, nuint> _freeDCtx;
    private readonly delegate* unmanaged<nint, ZstdOutBuffer*, ZstdInBuffer*, nuint> _decompressStream;
    private readonly delegate* unmanaged<nuint, uint> _isError;
    private readonly delegate* unmanaged<nuint, byte*> _getErrorName;
    private readonly Lazy<LibZstdCompression?> _compression;

    private LibZstd(nint library)
    {
        _compression = new(() => LibZstdCompression.Bind(library));
        _createDCtx = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "ZSTD_createDCtx");
        _freeDCtx = (delegate* unmanaged<nint, nuint>)NativeLibrary.GetExport(library, "ZSTD_freeDCtx");
        _decompressStream = (delegate* unmanaged<nint, ZstdOutBuffer*, ZstdInBuffer*, nuint>)NativeLibrary.GetExport(library, "ZSTD_decompressStream");
        _isError = (delegate* unmanaged<nuint, uint>)NativeLibrary.GetExport(library, "ZSTD_isError");
        _getErrorName = (delegate* unmanaged<nuint, byte*>)NativeLibrary.GetExport(library, "ZSTD_getErrorName");
    }

    /// <summary>The loaded library, or null when none of its usual names loads.</summary>
    public static LibZstd? Instance => Loaded.Value;

    /// <summary>The compression functions, or null when this build of the library has none (a decoder-only libzstd).</summary>
    public LibZstdCompression? Compression => _compression.Value;

    public nint CreateDCtx() => _createDCtx();

    public void FreeDCtx(nint context) => _freeDCtx(context);

    /// <summary>ZSTD_decompressStream: advances both buffers' positions; a result that <see cref="IsError"/> is an error code.</summary>
    public nuint DecompressStream(nint context, ZstdOutBuffer* output, ZstdInBuffer* input) => _decompressStream(context, output, input);

    public bool IsError(nuint result) => _isError(result) != 0;

    public string ErrorName(nuint result) => Marshal.PtrToStringUTF8((nint)_getErrorName(result)) ?? "unknown error";

    /// <summary>The first of <paramref name="names"/> that loads and exports the functions, or null.</summary>
    internal static LibZstd? Load(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, typeof(LibZstd).Assembly, null, out var library))
            {
                try
                {
                    return new LibZstd(library);
                }
                catch (EntryPointNotFoundException)
                {
                    NativeLibrary.Free(library);
                }
            }
        }

        return null;
    }
}

/// <summary>ZSTD_inBuffer: <c>{ const void* src; size_t size; size_t pos; }</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZstdInBuffer
{
    public byte* Source;
    public nuint Size;
    public nuint Position;
}

/// <summary>ZSTD_outBuffer: <c>{ void* dst; size_t size; size_t pos; }</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZstdOutBuffer
{
    public byte* Destination;
    public nuint Size;
    public nuint Position;
}
