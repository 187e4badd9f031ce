using System.Collections.Concurrent;
using System.Text;

namespace Cortex.Discord.Codecs;

/// <summary>
/// Interns dispatch names (<c>t</c>) so a stream of MESSAGE_CREATE allocates one string, not one per event.
/// Bounded, so a server inventing names cannot grow it without limit.
/// </summary>
internal static class EventNames
{
    private const int MaxEntries = 1024;
    private const int MaxNameLength = 64;
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxNameLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxNameLength];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        var name = chars[..count];
        if (Lookup.TryGetValue(name, out var interned))
        {
            return interned;
        }

        var created = name.ToString();
        return Names.Count < MaxEntries ? Names.GetOrAdd(created, created) : created;
    }
}
