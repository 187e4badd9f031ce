using System.Buffers;

namespace Cortex.Discord.Codecs;

/// <summary>
/// Finds where a JSON object or array ends by matching brackets outside strings, with vectorized
/// searches for the few bytes that matter. It does not validate the value's grammar: the envelope
/// only needs <c>d</c>'s bounds, and whoever reads <c>d</c> parses (and so validates) it.
/// </summary>
internal static class JsonValueBounds
{
    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> StringEnd = SearchValues.Create("\"\\"u8);

    /// <summary>The index just past the object or array starting at <paramref name="start"/>, or -1 if it never closes.</summary>
    public static int EndOf(ReadOnlySpan<byte> json, int start)
    {
        var depth = 0;
        var i = start;
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny(Structural);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (json[i])
            {
                case (byte)'"':
                    i = AfterString(json, i + 1);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    i++;
                    break;
                default:
                    depth--;
                    i++;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private static int AfterString(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny(StringEnd);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (json[i] == (byte)'"')
            {
                return i + 1;
            }

            i += 2; // A backslash escapes the next byte (\" and \\ included).
        }

        return -1;
    }
}
