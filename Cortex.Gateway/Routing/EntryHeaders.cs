using System.Globalization;
using System.Text;

namespace Cortex.Gateway.Routing;

/// <summary>
/// A partition's entries' small fields packed into one argument of the routing call (<see cref="RouteScripts.Append"/> reads
/// it with Redis's Lua <c>struct.unpack</c>): per entry, each field as a length byte and its text — the event type (only
/// where the partition's entries carry their own), the sequence's digits, the id's and the guild's. One bulk string per
/// partition instead of three per entry: StackExchange.Redis locks its output buffer twice for every bulk string it writes
/// (docs/benchmarks.md, thirteenth pass), which cost the gateway more than the bytes themselves.
/// </summary>
internal static class EntryHeaders
{
    // A length byte and up to 20 digits (a ulong), for the sequence, the id and the guild.
    private const int MaxNumbers = 3 * (1 + 20);

    /// <summary>The most bytes <see cref="Write"/> takes for one entry (<paramref name="typeLength"/>: 0 unless it carries its type).</summary>
    public static int MaxLength(int typeLength) => MaxNumbers + (typeLength > 0 ? 1 + typeLength : 0);

    /// <summary>Writes one entry's fields at <paramref name="offset"/> (advanced past them); <paramref name="type"/> null when not carried.</summary>
    public static void Write(Span<byte> header, ref int offset, string? type, in RoutedEvent routed)
    {
        if (type is not null)
        {
            if (type.Length is 0 or > byte.MaxValue || !Ascii.IsValid(type))
            {
                throw new InvalidOperationException($"An event type of {type.Length} characters cannot be packed into a routing call: 1–255 ASCII characters.");
            }

            header[offset++] = (byte)type.Length;
            offset += Encoding.ASCII.GetBytes(type, header[offset..]);
        }

        // The sequence as its digits, as the entry's s field is written: Lua would print a number past 2^31 in its own form.
        if (routed.Sequence < 0)
        {
            throw new InvalidOperationException($"A dispatch's sequence is never negative; {routed.Sequence} was given.");
        }

        WriteNumber(header, ref offset, (ulong)routed.Sequence, default);
        WriteNumber(header, ref offset, routed.Id, routed.IdDigits.Span);
        WriteNumber(header, ref offset, routed.GuildId, routed.GuildDigits.Span);
    }

    // The id's digits as they stood in d are its decimal form already (DispatchFields keeps only canonical ones): copied as they
    // are; otherwise the value is formatted.
    private static void WriteNumber(Span<byte> header, ref int offset, ulong value, ReadOnlySpan<byte> digits)
    {
        var field = header[(offset + 1)..];
        int length;
        if (digits.IsEmpty)
        {
            value.TryFormat(field, out length, default, CultureInfo.InvariantCulture);
        }
        else
        {
            if (digits.Length > 20)
            {
                throw new InvalidOperationException($"An id of {digits.Length} digits is no ulong: DispatchFields keeps canonical ones only.");
            }

            digits.CopyTo(field);
            length = digits.Length;
        }

        header[offset] = (byte)length;
        offset += 1 + length;
    }
}
