using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cortex.Discord.Codecs;

/// <summary>
/// Finds where a JSON object or array ends by matching brackets outside strings. It does not validate the value's
/// grammar: the envelope only needs <c>d</c>'s bounds, and whoever reads <c>d</c> parses (and so validates) it.
/// Blocks of 64 bytes are classified at once (simdjson's approach): bit masks of quotes and brackets, the string
/// mask as a prefix XOR of the quotes, then only the brackets outside strings are counted. Escaped quotes are taken out
/// of the quotes first (simdjson's escape scanner over the backslash mask); a block with a backslash outside a string
/// (malformed) or starting escaped goes byte by byte. Searching for the next quote or bracket instead
/// stopped every few bytes in GUILD_CREATE's short strings. Public for the gateway's guild cache, which skips the
/// parts of GUILD_CREATE it does not keep with it.
/// </summary>
public static partial class JsonValueBounds
{
    private const int Block = 64;

    /// <summary>
    /// The index just past the object or array starting at <paramref name="start"/>, or -1 if it never closes. With a
    /// <paramref name="depth"/> of 1, <paramref name="start"/> may be anywhere between two tokens inside an object or
    /// array: the index just past the bracket that closes it.
    /// </summary>
    public static int EndOf(ReadOnlySpan<byte> json, int start, int depth = 0) =>
        // 32-byte vectors where the hardware has them (AVX2): half the compares and mask extractions of 16-byte ones, on every
        // byte of every payload's envelope. The width is a type argument, so each is its own compiled loop and both are testable.
        Vector256.IsHardwareAccelerated ? EndOf<Wide>(json, start, depth) : EndOf<Narrow>(json, start, depth);

    /// <summary><see cref="EndOf(ReadOnlySpan{byte}, int, int)"/> with the blocks classified by <typeparamref name="TBlocks"/>.</summary>
    internal static int EndOf<TBlocks>(ReadOnlySpan<byte> json, int start, int depth)
        where TBlocks : struct, IBlockClassifier
    {
        var scan = new Scan { Position = start, Depth = depth };
        if (Vector128.IsHardwareAccelerated)
        {
            while (scan.Position + Block <= json.Length)
            {
                var end = scan.Escaped ? Bytes(json, ref scan, scan.Position + Block) : Block64<TBlocks>(json, ref scan);
                if (end > 0)
                {
                    return end;
                }
            }
        }

        return Bytes(json, ref scan, json.Length);
    }

    /// <summary>One 64-byte block at <see cref="Scan.Position"/>: the index past the value if it ends here, else -1.</summary>
    private static int Block64<TBlocks>(ReadOnlySpan<byte> json, ref Scan scan)
        where TBlocks : struct, IBlockClassifier
    {
        TBlocks.Classify(ref MemoryMarshal.GetReference(json), (nuint)scan.Position, out var backslashes, out var quotes, out var open, out var close);
        var escapes = 0UL;
        if (backslashes != 0)
        {
            // An escaped quote does not end a string (\u2728, \n and \" are common in names, topics and content).
            quotes &= ~Escaped(backslashes, out escapes);
        }

        var strings = PrefixXor(quotes) ^ (scan.InString ? ulong.MaxValue : 0);
        if ((backslashes & ~strings) != 0)
        {
            // A backslash outside a string is malformed JSON, and the masks above took it for an escape: the bytes decide.
            return Bytes(json, ref scan, scan.Position + Block);
        }

        open &= ~strings;
        close &= ~strings;
        scan.InString = (long)strings < 0;
        scan.Escaped = (long)escapes < 0; // The block's last byte is a backslash that escapes the next block's first.
        if (scan.Depth > BitOperations.PopCount(close))
        {
            scan.Depth += BitOperations.PopCount(open) - BitOperations.PopCount(close);
            scan.Position += Block;
            return -1;
        }

        for (var brackets = open | close; brackets != 0; brackets &= brackets - 1)
        {
            var bit = BitOperations.TrailingZeroCount(brackets);
            scan.Depth += ((open >> bit) & 1) != 0 ? 1 : -1;
            if (scan.Depth == 0)
            {
                return scan.Position + bit + 1;
            }
        }

        scan.Position += Block;
        return -1;
    }

    /// <summary>Byte by byte up to <paramref name="limit"/>: the index past the value if it ends there, else -1.</summary>
    private static int Bytes(ReadOnlySpan<byte> json, ref Scan scan, int limit)
    {
        for (var i = scan.Position; i < limit; i++)
        {
            var b = json[i];
            if (scan.InString)
            {
                if (scan.Escaped)
                {
                    scan.Escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    scan.Escaped = true;
                }
                else if (b == (byte)'"')
                {
                    scan.InString = false;
                }
            }
            else if (b == (byte)'"')
            {
                scan.InString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                scan.Depth++;
            }
            else if (b is (byte)'}' or (byte)']' && --scan.Depth == 0)
            {
                return i + 1;
            }
        }

        scan.Position = limit;
        return -1;
    }

    /// <summary>
    /// The bytes a backslash escapes (simdjson's escape scanner): in each run of backslashes the first, third, ... escape the byte
    /// after them. <paramref name="escapes"/> has the escaping backslashes; its bit 63 means the block's last byte escapes the next
    /// block's first. The block must not start escaped (<see cref="Scan.Escaped"/> blocks are read byte by byte).
    /// </summary>
    private static ulong Escaped(ulong backslashes, out ulong escapes)
    {
        const ulong OddBits = 0xAAAAAAAAAAAAAAAA;
        var escapesAndEscaped = (((backslashes << 1) | OddBits) - backslashes) ^ OddBits;
        escapes = escapesAndEscaped & backslashes;
        return escapesAndEscaped ^ backslashes;
    }

    /// <summary>Bit i set when an odd number of quotes stand at or before i: inside a string (its opening quote included).</summary>
    internal static ulong PrefixXor(ulong bits) =>
        // A carry-less multiply by all ones is the prefix XOR in one instruction (simdjson's), where the shifts are a chain
        // of twelve.
        Pclmulqdq.IsSupported
            ? Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(bits), Vector128.Create(ulong.MaxValue), 0).ToScalar()
            : PrefixXorByShifts(bits);

    /// <summary><see cref="PrefixXor"/> without the carry-less multiply (hardware without PCLMULQDQ).</summary>
    internal static ulong PrefixXorByShifts(ulong bits)
    {
        bits ^= bits << 1;
        bits ^= bits << 2;
        bits ^= bits << 4;
        bits ^= bits << 8;
        bits ^= bits << 16;
        return bits ^ (bits << 32);
    }

    /// <summary>Where the scan stands: the next byte, the bracket depth, and whether it is inside a string or just after a backslash there.</summary>
    private struct Scan
    {
        public int Position;
        public int Depth;
        public bool InString;
        public bool Escaped;
    }
}
