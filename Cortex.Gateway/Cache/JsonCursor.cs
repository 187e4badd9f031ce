using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Cortex.Discord.Codecs;

namespace Cortex.Gateway.Cache;

/// <summary>
/// A forward-only walk over JSON for a reader that keeps a few fields of a large payload: property names and the
/// values it keeps are read; every other value is skipped by finding its end (objects and arrays through
/// <see cref="JsonValueBounds"/>, 64 bytes at a time), without tokenizing or validating what is inside. Anything it does not expect (an
/// escaped name or id, a misplaced comma, a truncated payload) throws <see cref="UnexpectedJsonException"/>, so the caller can hand
/// the payload to a validating reader instead.
/// </summary>
internal ref struct JsonCursor(ReadOnlySpan<byte> json)
{
    private static readonly SearchValues<byte> StringEnd = SearchValues.Create("\"\\"u8);

    // 19 decimal digits always fit a ulong (its largest value has 20).
    private const int MaxFastDigits = 19;
    private readonly ReadOnlySpan<byte> _json = json;
    private int _position;

    /// <summary>Steps into an object or array when the next value is one (true), else skips the value (false).</summary>
    public bool Enter(byte open)
    {
        if (Peek() != open)
        {
            SkipValue();
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>The next property of the object being walked (<paramref name="first"/>: none read yet); false at its end, which is consumed.</summary>
    public bool NextProperty(ref bool first, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!Next((byte)'}', ref first))
        {
            return false;
        }

        if (Peek() != (byte)'"')
        {
            throw new UnexpectedJsonException();
        }

        name = PlainString();
        if (Peek() != (byte)':')
        {
            throw new UnexpectedJsonException();
        }

        _position++;
        return true;
    }

    /// <summary>Moves to the next element of the array being walked; false at its end, which is consumed.</summary>
    public bool NextElement(ref bool first) => Next((byte)']', ref first);

    /// <summary>Skips what is left of the object or array being walked, its closing bracket included.</summary>
    public void SkipRest()
    {
        var end = JsonValueBounds.EndOf(_json, _position, depth: 1);
        _position = end > 0 ? end : throw new UnexpectedJsonException();
    }

    /// <summary>A snowflake string's value, 0 when it is not digits; a value of another type is skipped and reads as 0.</summary>
    public ulong Snowflake()
    {
        if (Peek() != (byte)'"')
        {
            SkipValue();
            return 0;
        }

        // Most snowflakes are 17 to 19 digits and the closing quote: the digits are found with one 32-byte compare and
        // converted eight at a time (no overflow is possible in 19), where a loop of one multiply per digit was a chain of
        // ~19 dependent steps for each of a large guild's thousands of ids. Anything else takes the general path.
        if (TryPlainSnowflake(_json, _position + 1, out var value, out var length))
        {
            _position += length + 2;
            return value;
        }

        var digits = PlainString();
        return Utf8Parser.TryParse(digits, out ulong id, out var consumed) && consumed == digits.Length ? id : 0;
    }

    /// <summary>An integer's value; 0 for any other number or a string, true or null.</summary>
    public int Int32()
    {
        var literal = Literal();
        return Utf8Parser.TryParse(literal, out int value, out var consumed) && consumed == literal.Length ? value : 0;
    }

    /// <summary>True for <c>true</c>; false for any other scalar.</summary>
    public bool IsTrue() => Literal().SequenceEqual("true"u8);

    /// <summary>Skips the next value whatever it is and returns where it lies in the payload (its bytes, unchanged).</summary>
    public Range RawValue()
    {
        Peek();
        var start = _position;
        SkipValue();
        return start.._position;
    }

    /// <summary>Skips the next value whatever it is.</summary>
    public void SkipValue()
    {
        switch (Peek())
        {
            case (byte)'"':
                SkipString();
                break;
            case (byte)'{' or (byte)'[':
                var end = JsonValueBounds.EndOf(_json, _position);
                _position = end > 0 ? end : throw new UnexpectedJsonException();
                break;
            default:
                Literal();
                break;
        }
    }

    private bool Next(byte close, ref bool first)
    {
        var next = Peek();
        if (next == close)
        {
            _position++;
            return false;
        }

        if (!first)
        {
            if (next != (byte)',')
            {
                throw new UnexpectedJsonException();
            }

            _position++;
        }

        first = false;
        return true;
    }

    /// <summary>A number, true, false or null (a string or a bracket here is unexpected).</summary>
    private ReadOnlySpan<byte> Literal()
    {
        var next = Peek();
        var start = _position;
        if (next is not ((>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'t' or (byte)'f' or (byte)'n'))
        {
            throw new UnexpectedJsonException();
        }

        // Literals here are a few bytes (null, false, 0, 300): a loop, where a vectorized search cost more to set up than to run.
        var end = _position + 1;
        while (end < _json.Length && _json[end] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            end++;
        }

        _position = end < _json.Length ? end : throw new UnexpectedJsonException();
        return _json[start.._position];
    }

    /// <summary>A string without escapes (one with escapes is unexpected): its content.</summary>
    private ReadOnlySpan<byte> PlainString()
    {
        var end = QuoteOrBackslash(_position + 1);
        if (end < 0 || _json[end] != (byte)'"')
        {
            throw new UnexpectedJsonException();
        }

        var content = _json[(_position + 1)..end];
        _position = end + 1;
        return content;
    }

    private void SkipString()
    {
        var i = _position + 1;
        while (true)
        {
            i = QuoteOrBackslash(i);
            if (i < 0)
            {
                throw new UnexpectedJsonException();
            }

            if (_json[i] == (byte)'"')
            {
                _position = i + 1;
                return;
            }

            i += 2; // A backslash escapes the next byte.
        }
    }

    /// <summary>The index of the first quote or backslash at or after <paramref name="from"/>, or -1.</summary>
    private readonly int QuoteOrBackslash(int from)
    {
        // Names, ids and most values here end within 32 bytes: one compare of a vector, where a search call cost more to set
        // up than to run on a string this short.
        if (Vector256.IsHardwareAccelerated && from + Vector256<byte>.Count <= _json.Length)
        {
            var block = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_json), (nuint)from);
            var found = (Vector256.Equals(block, Vector256.Create((byte)'"')) | Vector256.Equals(block, Vector256.Create((byte)'\\')))
                .ExtractMostSignificantBits();
            if (found != 0)
            {
                return from + BitOperations.TrailingZeroCount(found);
            }

            from += Vector256<byte>.Count;
        }

        var next = from < _json.Length ? _json[from..].IndexOfAny(StringEnd) : -1;
        return next < 0 ? -1 : from + next;
    }

    /// <summary>
    /// The common snowflake: 1 to 19 ASCII digits from <paramref name="start"/> and then the closing quote, with their value
    /// and count. False for anything else (20 digits, an escape, no quote), which the caller reads its general way.
    /// </summary>
    internal static bool TryPlainSnowflake(ReadOnlySpan<byte> json, int start, out ulong value, out int length)
    {
        length = DigitRun(json, start);
        if (length is > 0 and <= MaxFastDigits && start + length < json.Length && json[start + length] == (byte)'"')
        {
            value = Digits(json.Slice(start, length));
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>How many ASCII digits stand at <paramref name="from"/>, counted up to 32 (past <see cref="MaxFastDigits"/> is all a caller needs).</summary>
    private static int DigitRun(ReadOnlySpan<byte> json, int from)
    {
        if (Vector256.IsHardwareAccelerated && from + Vector256<byte>.Count <= json.Length)
        {
            var block = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(json), (nuint)from);
            // Unsigned: a byte below '0' wraps past 9 too.
            var digits = Vector256.LessThanOrEqual(block - Vector256.Create((byte)'0'), Vector256.Create((byte)9)).ExtractMostSignificantBits();
            return BitOperations.TrailingZeroCount(~digits);
        }

        var i = from;
        for (var end = Math.Min(json.Length, from + MaxFastDigits + 1); i < end && (uint)(json[i] - '0') <= 9; i++)
        {
        }

        return i - from;
    }

    /// <summary>The value of 1 to 19 ASCII digits: the leading ones one by one, then eight at a time.</summary>
    private static ulong Digits(ReadOnlySpan<byte> digits)
    {
        ulong value = 0;
        var i = 0;
        for (var head = digits.Length & 7; i < head; i++)
        {
            value = (value * 10) + (uint)(digits[i] - '0');
        }

        for (; i < digits.Length; i += 8)
        {
            value = (value * 100_000_000) + EightDigits(BinaryPrimitives.ReadUInt64LittleEndian(digits[i..]));
        }

        return value;
    }

    /// <summary>
    /// Eight ASCII digits read as a little-endian word (the first digit in the low byte) to their value, pairs then
    /// quads then the eight combined by three multiplies (the SWAR conversion simdjson and fast_float use).
    /// </summary>
    private static ulong EightDigits(ulong chunk)
    {
        chunk = ((chunk & 0x0F0F0F0F0F0F0F0F) * 2561) >> 8;
        chunk = ((chunk & 0x00FF00FF00FF00FF) * 6553601) >> 16;
        return ((chunk & 0x0000FFFF0000FFFF) * 42949672960001) >> 32;
    }

    /// <summary>The next byte that is not whitespace (0 at the end), where the cursor now stands.</summary>
    private byte Peek()
    {
        while (_position < _json.Length && _json[_position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            _position++;
        }

        return _position < _json.Length ? _json[_position] : (byte)0;
    }
}

/// <summary>The payload is not of the shape a <see cref="JsonCursor"/> walk expects: read it with a validating reader.</summary>
internal sealed class UnexpectedJsonException : Exception
{
    public UnexpectedJsonException()
        : base("The JSON is not of the expected shape.")
    {
    }

    public UnexpectedJsonException(string message)
        : base(message)
    {
    }

    public UnexpectedJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
