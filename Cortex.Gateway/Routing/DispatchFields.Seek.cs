using Cortex.Gateway.Cache;

namespace Cortex.Gateway.Routing;

/// <summary>
/// A message's top-level <c>id</c> found by searching for its name instead of walking to it. Discord writes a message's
/// <c>id</c> after its member, about 40 % of the way in, and the walk read every property before it (7.8 % of the gateway's CPU,
/// issue 19's fourteenth pass). A vectorized search for <c>"id"</c> lands on it, or first on a nested one (a mention's user, a
/// referenced message); the brackets outside strings before the hit, counted 64 bytes at a time (<see cref="PrefixDepth"/>),
/// tell the two apart. Only for a <c>d</c> whose <c>guild_id</c> was read from its end (<see cref="TryTailGuild"/>): then the
/// dispatch's id is its first top-level non-zero one, so the first top-level hit decides. Anything unusual before it (a
/// backslash, a space after the name, a value that is not a plain snowflake) leaves the payload to the walk.
/// </summary>
internal readonly partial record struct DispatchFields
{
    private static ReadOnlySpan<byte> QuotedIdName => "\"id\""u8;

    /// <summary>
    /// The fields of a <c>d</c> that ends with its <c>guild_id</c> and holds its <c>id</c> as a plain non-zero snowflake, after
    /// no backslash; false (and the walk reads it) otherwise.
    /// </summary>
    internal static bool TrySeek(ReadOnlyMemory<byte> data, out DispatchFields fields)
    {
        var json = data.Span;
        fields = default;
        if (json.IsEmpty || json[0] != (byte)'{' || !TryTailGuild(json, out var guild, out var guildDigits))
        {
            return false;
        }

        var prefix = default(PrefixDepth);
        var from = 1;
        while (true)
        {
            var found = json[from..].IndexOf(QuotedIdName);
            if (found < 0)
            {
                return false;
            }

            var hit = from + found;
            var after = hit + QuotedIdName.Length;
            from = after;
            // With no backslash before it, every quote there delimits a string, and one before `id"` opens one (a closing quote
            // is followed by a delimiter): the hit is the string "id", as a name when a colon follows it, or a value. No name
            // before it reads as "id" in an escaped spelling either (an escape needs a backslash).
            if (!prefix.TryAdvance(json, hit, out var depth))
            {
                return false;
            }

            if (depth != 1 || json[after] is (byte)',' or (byte)'}' or (byte)']')
            {
                // Inside an object in d (or a value "id"): not the dispatch's.
                continue;
            }

            var start = after + 2;
            if (json[after] != (byte)':' || json[after + 1] != (byte)'"'
                || !JsonCursor.TryPlainSnowflake(json, start, out var id, out var length) || id == 0)
            {
                // A space around the colon, or a value the walk parses (and a 0 after which it looks for the next id).
                return false;
            }

            fields = new DispatchFields(id, guild)
            {
                // Canonical unless padded with zeros (the value is not 0).
                IdDigits = json[start] != (byte)'0' ? data.Slice(start, length) : default,
                GuildDigits = data[guildDigits],
            };
            return true;
        }
    }
}
