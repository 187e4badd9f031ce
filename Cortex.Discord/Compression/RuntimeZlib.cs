using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>
/// The zlib-ng that .NET itself inflates with (<c>libSystem.IO.Compression.Native</c> in the shared framework), bound at
/// run time so zlib-stream can call its inflate directly instead of through <c>ZLibStream</c> over a feed stream, about
/// 0.45 µs less per small event (docs/benchmarks.md, "Thirteenth pass (isal23)"). These exports (<c>CompressionNative_*</c>)
/// and their <see cref="PalZStream"/> are the runtime's own, not a public contract, so they are taken only from the runtime
/// major version they were checked against; on any other, or where the library is linked into the host (single-file,
/// native AOT) and does not load, <see cref="Instance"/> is null and zlib-stream stays on <c>ZLibStream</c>.
/// </summary>
internal sealed unsafe class RuntimeZlib
{
    /// <summary>The runtime whose pal_zlib.h <see cref="PalZStream"/> mirrors.</summary>
    internal const int CheckedRuntimeMajor = 10;

    private const string LibraryName = "libSystem.IO.Compression.Native";

    private static readonly Lazy<RuntimeZlib?> Loaded = new(() => Load(Environment.Version.Major, RuntimeEnvironment.GetRuntimeDirectory()));

    private readonly delegate* unmanaged<PalZStream*, int, int> _inflateInit2;
    private readonly delegate* unmanaged<PalZStream*, int, int> _inflate;
    private readonly delegate* unmanaged<PalZStream*, int> _inflateEnd;

    private RuntimeZlib(nint library)
    {
        _inflateInit2 = (delegate* unmanaged<PalZStream*, int, int>)NativeLibrary.GetExport(library, "CompressionNative_InflateInit2_");
        _inflate = (delegate* unmanaged<PalZStream*, int, int>)NativeLibrary.GetExport(library, "CompressionNative_Inflate");
        _inflateEnd = (delegate* unmanaged<PalZStream*, int>)NativeLibrary.GetExport(library, "CompressionNative_InflateEnd");
    }

    /// <summary>The runtime's zlib, or null where it cannot be used (see the summary).</summary>
    public static RuntimeZlib? Instance => Loaded.Value;

    /// <summary>inflateInit2: 15 window bits with a zlib header, as <c>ZLibStream</c> opens it.</summary>
    public int InflateInit(PalZStream* stream) => _inflateInit2(stream, 15);

    /// <summary>inflate with Z_NO_FLUSH: advances both buffers; see zlib.h for the result codes.</summary>
    public int Inflate(PalZStream* stream) => _inflate(stream, 0);

    public void InflateEnd(PalZStream* stream) => _inflateEnd(stream);

    /// <summary>The library in <paramref name="runtimeDirectory"/> when the runtime is the checked one and exports the functions, or null.</summary>
    internal static RuntimeZlib? Load(int runtimeMajor, string runtimeDirectory)
    {
        if (runtimeMajor != CheckedRuntimeMajor || !OperatingSystem.IsLinux())
        {
            return null;
        }

        if (!NativeLibrary.TryLoad(Path.Combine(runtimeDirectory, LibraryName + ".so"), out var library))
        {
            return null;
        }

        try
        {
            return new RuntimeZlib(library);
        }
        catch (EntryPointNotFoundException)
        {
            NativeLibrary.Free(library);
            return null;
        }
    }
}

/// <summary>
/// The runtime's <c>PAL_ZStream</c> (src/native/libs/System.IO.Compression.Native/pal_zlib.h): <c>{ uint8_t* nextIn;
/// uint8_t* nextOut; char* msg; void* internalState; uint32_t availIn; uint32_t availOut; }</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PalZStream
{
    public byte* NextIn;
    public byte* NextOut;
    public byte* Message;
    public nint InternalState;
    public uint AvailIn;
    public uint AvailOut;
}
