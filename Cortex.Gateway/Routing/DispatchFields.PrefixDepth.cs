using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cortex.Gateway.Routing;

internal readonly partial record struct DispatchFields
{
    /// <summary>
    /// The bracket depth at a position of <c>d</c> (1: directly inside it), counted from its start outside strings, for JSON with
    /// no backslash before the position: then every quote delimits a string, and the string mask is the prefix XOR of the quotes
    /// (simdjson's, as in <c>Cortex.Discord.Codecs.JsonValueBounds</c>, without its escape scanner). 64 bytes are classified at
    /// once; the count carries on from one position to the next, so the search's hits cost one pass over <c>d</c> up to the id.
    /// </summary>
    private struct PrefixDepth
    {
        private const int Block = 64;

        // Where the count stands: the next unread byte, the depth there, inside a string or not.
        private int _position;
        private int _depth;
        private bool _inString;

        /// <summary>The depth at <paramref name="to"/> (past <see cref="_position"/>); false when a backslash stands before it.</summary>
        public bool TryAdvance(ReadOnlySpan<byte> json, int to, out int depth)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                while (_position + Block <= to)
                {
                    if (!Classify(json, _position, Block, ref _depth, ref _inString))
                    {
                        depth = 0;
                        return false;
                    }

                    _position += Block;
                }

                if (_position + Block <= json.Length)
                {
                    // The bytes up to `to` of the next block, counted on copies: the next hit counts its block whole again.
                    (depth, var inString) = (_depth, _inString);
                    return Classify(json, _position, to - _position, ref depth, ref inString) && !inString;
                }
            }

            // Byte by byte near d's end (or without 32-byte vectors), carrying the count on to `to`.
            for (; _position < to; _position++)
            {
                switch (json[_position])
                {
                    case (byte)'\\':
                        depth = 0;
                        return false;
                    case (byte)'"':
                        _inString = !_inString;
                        break;
                    case (byte)'{' or (byte)'[' when !_inString:
                        _depth++;
                        break;
                    case (byte)'}' or (byte)']' when !_inString:
                        _depth--;
                        break;
                }
            }

            depth = _depth;
            return !_inString;
        }

        /// <summary>The first <paramref name="count"/> (1–64) bytes of the 64 at <paramref name="at"/>; false if one is a backslash.</summary>
        private static bool Classify(ReadOnlySpan<byte> json, int at, int count, ref int depth, ref bool inString)
        {
            ref var origin = ref MemoryMarshal.GetReference(json);
            var v0 = Vector256.LoadUnsafe(ref origin, (nuint)at);
            var v1 = Vector256.LoadUnsafe(ref origin, (nuint)at + 32);
            var kept = count == Block ? ulong.MaxValue : (1UL << count) - 1;
            if ((Bits(v0, v1, (byte)'\\') & kept) != 0)
            {
                return false;
            }

            var strings = PrefixXor(Bits(v0, v1, (byte)'"') & kept) ^ (inString ? ulong.MaxValue : 0);
            // '{' and '[' differ only in bit 0x20, as do '}' and ']'.
            var folded = Vector256.Create((byte)0x20);
            var outside = ~strings & kept;
            depth += BitOperations.PopCount(Bits(v0 | folded, v1 | folded, (byte)'{') & outside)
                - BitOperations.PopCount(Bits(v0 | folded, v1 | folded, (byte)'}') & outside);
            inString = ((strings >> (count - 1)) & 1) != 0;
            return true;
        }

        private static ulong Bits(Vector256<byte> v0, Vector256<byte> v1, byte value)
        {
            var needle = Vector256.Create(value);
            return Vector256.Equals(v0, needle).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(v1, needle).ExtractMostSignificantBits() << 32);
        }

        // Bit i set when an odd number of quotes stand at or before i; a carry-less multiply by all ones where the hardware has it.
        private static ulong PrefixXor(ulong bits)
        {
            if (Pclmulqdq.IsSupported)
            {
                return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(bits), Vector128.Create(ulong.MaxValue), 0).ToScalar();
            }

            for (var shift = 1; shift < 64; shift <<= 1)
            {
                bits ^= bits << shift;
            }

            return bits;
        }
    }
}
