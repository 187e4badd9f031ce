using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>
/// Intel ISA-L's inflate (<c>libisal.so.2</c>, Debian's <c>libisal2</c>), bound at run time: the two functions a streaming
/// raw-deflate decoder needs, as function pointers resolved once. Null <see cref="Instance"/> where the library does not
/// load (no copy beside the app and none on the system, another OS or architecture), so zlib-stream falls back to .NET's
/// own inflate. Only the so-name 2 ABI is accepted: <see cref="IsalInflateState"/>'s size and field offsets are its.
/// </summary>
internal sealed unsafe class LibIsal
{
    private static readonly string[] Names = ["libisal.so.2"];

    private static readonly Lazy<LibIsal?> Loaded = new(() => Load(Names));

    private readonly delegate* unmanaged<byte*, void> _inflateInit;
    private readonly delegate* unmanaged<byte*, int> _inflate;

    private LibIsal(nint library)
    {
        _inflateInit = (delegate* unmanaged<byte*, void>)NativeLibrary.GetExport(library, "isal_inflate_init");
        _inflate = (delegate* unmanaged<byte*, int>)NativeLibrary.GetExport(library, "isal_inflate");
    }

    /// <summary>The loaded library, or null when it is not on this machine.</summary>
    public static LibIsal? Instance => Loaded.Value;

    /// <summary>isal_inflate_init: a fresh raw-deflate stream (crc_flag 0, full 32 KB history).</summary>
    public void InflateInit(byte* state) => _inflateInit(state);

    /// <summary>isal_inflate: advances next_in/avail_in and next_out/avail_out; a negative result is an error code.</summary>
    public int Inflate(byte* state) => _inflate(state);

    /// <summary>The first of <paramref name="names"/> that loads and exports the functions, or null.</summary>
    internal static LibIsal? Load(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, typeof(LibIsal).Assembly, null, out var library))
            {
                try
                {
                    return new LibIsal(library);
                }
                catch (EntryPointNotFoundException)
                {
                    NativeLibrary.Free(library);
                }
            }
        }

        return null;
    }

    /// <summary>isal_inflate's error codes (igzip_lib.h), named for the exception's message.</summary>
    public static string ErrorName(int code) => code switch
    {
        -1 => "invalid deflate block",
        -2 => "invalid deflate symbol",
        -3 => "invalid lookback distance",
        -4 => "invalid wrapper",
        -5 => "unsupported method",
        -6 => "incorrect checksum",
        _ => $"error {code}",
    };
}
