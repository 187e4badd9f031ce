using Cortex.Gateway.Cache;

namespace Cortex.Gateway.Routing;

/// <summary>
/// A message's <c>guild_id</c> read from <c>d</c>'s end. Discord writes it as a message's last member, after the content and the
/// author: the walk went through both (about half of its bytes) for it alone. Read from the end, the walk stops at <c>id</c>.
/// </summary>
internal readonly partial record struct DispatchFields
{
    private static ReadOnlySpan<byte> TailGuildName => "\"guild_id\":\""u8;

    /// <summary>
    /// <c>d</c>'s last member, when it is <c>"guild_id":"&lt;digits&gt;"</c> written without spaces, with 1–19 digits and no leading
    /// zero (a snowflake's canonical form). Such a member is a top-level one: the closing brace ends <c>d</c>, so the quote before
    /// it closes a string, and a quote after <c>:</c>, <c>,</c> or <c>{</c> is not escaped, so each string is exactly what it
    /// reads. When found, it is the dispatch's guild, and any other top-level <c>guild_id</c> is not (names are unique in
    /// Discord's payloads; both reads apply the same rule to a payload where they are not).
    /// </summary>
    internal static bool TryTailGuild(ReadOnlySpan<byte> json, out ulong guild, out Range digits)
    {
        var close = json.Length - 2;
        var first = close;
        while (first > 0 && json[first - 1] - (uint)'0' <= 9)
        {
            first--;
        }

        var name = first - TailGuildName.Length;
        // The digits themselves (1-19, then the closing quote) are read by the cursor's snowflake reader, as everywhere else.
        if (close < 0 || json[^1] != (byte)'}' || json[close] != (byte)'"' || json[first] == (byte)'0'
            || name < 1 || !json.Slice(name, TailGuildName.Length).SequenceEqual(TailGuildName) || json[name - 1] is not ((byte)',' or (byte)'{')
            || !JsonCursor.TryPlainSnowflake(json, first, out guild, out var length) || first + length != close)
        {
            (guild, digits) = (0, default);
            return false;
        }

        digits = first..close;
        return true;
    }
}
