using System.Runtime.Intrinsics;

namespace Cortex.Discord.Codecs;

public static partial class JsonValueBounds
{
    /// <summary>Classifies the 64 bytes at an offset into bit masks (bit i for byte i).</summary>
    internal interface IBlockClassifier
    {
        /// <summary>
        /// The block's backslashes, quotes, opening brackets and closing brackets ('{' and '[' differ only in bit 0x20, as do '}'
        /// and ']').
        /// </summary>
        static abstract void Classify(ref byte origin, nuint at, out ulong backslashes, out ulong quotes, out ulong open, out ulong close);
    }

    /// <summary>Two 32-byte vectors (AVX2).</summary>
    internal readonly struct Wide : IBlockClassifier
    {
        public static void Classify(ref byte origin, nuint at, out ulong backslashes, out ulong quotes, out ulong open, out ulong close)
        {
            var v0 = Vector256.LoadUnsafe(ref origin, at);
            var v1 = Vector256.LoadUnsafe(ref origin, at + 32);
            backslashes = Bits(v0, v1, (byte)'\\');
            quotes = Bits(v0, v1, (byte)'"');
            var folded = Vector256.Create((byte)0x20);
            (v0, v1) = (v0 | folded, v1 | folded);
            open = Bits(v0, v1, (byte)'{');
            close = Bits(v0, v1, (byte)'}');
        }

        private static ulong Bits(Vector256<byte> v0, Vector256<byte> v1, byte value)
        {
            var needle = Vector256.Create(value);
            return Vector256.Equals(v0, needle).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(v1, needle).ExtractMostSignificantBits() << 32);
        }
    }

    /// <summary>Four 16-byte vectors (hardware without AVX2).</summary>
    internal readonly struct Narrow : IBlockClassifier
    {
        public static void Classify(ref byte origin, nuint at, out ulong backslashes, out ulong quotes, out ulong open, out ulong close)
        {
            var v0 = Vector128.LoadUnsafe(ref origin, at);
            var v1 = Vector128.LoadUnsafe(ref origin, at + 16);
            var v2 = Vector128.LoadUnsafe(ref origin, at + 32);
            var v3 = Vector128.LoadUnsafe(ref origin, at + 48);
            backslashes = Bits(v0, v1, v2, v3, (byte)'\\');
            var folded = Vector128.Create((byte)0x20);
            quotes = Bits(v0, v1, v2, v3, (byte)'"');
            open = Bits(v0 | folded, v1 | folded, v2 | folded, v3 | folded, (byte)'{');
            close = Bits(v0 | folded, v1 | folded, v2 | folded, v3 | folded, (byte)'}');
        }

        private static ulong Bits(Vector128<byte> v0, Vector128<byte> v1, Vector128<byte> v2, Vector128<byte> v3, byte value)
        {
            var needle = Vector128.Create(value);
            return Vector128.Equals(v0, needle).ExtractMostSignificantBits()
                | ((ulong)Vector128.Equals(v1, needle).ExtractMostSignificantBits() << 16)
                | ((ulong)Vector128.Equals(v2, needle).ExtractMostSignificantBits() << 32)
                | ((ulong)Vector128.Equals(v3, needle).ExtractMostSignificantBits() << 48);
        }
    }
}
