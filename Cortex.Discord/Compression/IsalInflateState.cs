using System.Runtime.InteropServices;

namespace Cortex.Discord.Compression;

/// <summary>
/// ISA-L's <c>struct inflate_state</c> (87,368 bytes with libisal.so.2's 2.30 header, 8-byte aligned), allocated natively
/// and freed exactly once. Only the stream fields at its head are touched from .NET (<see cref="IsalStreamFields"/>);
/// everything else, the 32 KB history included, is the library's.
/// </summary>
internal sealed unsafe class IsalInflateState : SafeHandle
{
    // sizeof(struct inflate_state) from /usr/include/isa-l/igzip_lib.h (2.30; unchanged in 2.32), rounded up with room to
    // spare: the allocation is once per connection, and a margin costs nothing if a build ever pads the struct.
    private const int StateBytes = 128 * 1024;

    public IsalInflateState(LibIsal library)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle((nint)NativeMemory.AlignedAlloc(StateBytes, 64));
        if (IsInvalid)
        {
            throw new InvalidOperationException("Could not allocate ISA-L's inflate state.");
        }

        library.InflateInit((byte*)handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The stream fields; valid while the handle is held (DangerousAddRef).</summary>
    public IsalStreamFields* Fields => (IsalStreamFields*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}

/// <summary>
/// The head of <c>struct inflate_state</c> on 64-bit targets: <c>uint8_t* next_out</c> at 0, <c>uint32_t avail_out</c> at 8,
/// <c>uint32_t total_out</c> at 12, <c>uint8_t* next_in</c> at 16, <c>uint64_t read_in</c> at 24, <c>uint32_t avail_in</c> at
/// 32 (offsets checked with offsetof against the installed header).
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct IsalStreamFields
{
    [FieldOffset(0)]
    public byte* NextOut;

    [FieldOffset(8)]
    public uint AvailOut;

    [FieldOffset(16)]
    public byte* NextIn;

    [FieldOffset(32)]
    public uint AvailIn;
}
