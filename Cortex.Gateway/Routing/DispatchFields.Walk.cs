using Cortex.Discord.Codecs;
using Cortex.Gateway.Cache;

namespace Cortex.Gateway.Routing;

/// <summary>
/// The walk behind <see cref="DispatchFields.Read"/> and <see cref="DispatchFields.ReadGuild"/>, made for <c>d</c>'s top level:
/// in Discord's field order a MESSAGE_CREATE's <c>id</c> comes after its member and <c>guild_id</c> last, so every message is
/// walked nearly whole (5 % of the gateway's CPU with the guild cache's general cursor, issue 19's eleventh pass). Here an
/// empty array or object (five in every message: mentions, mention_roles, embeds, components, attachments) is stepped over
/// without a block scan, names are told apart by their length first, and an id's digits are parsed, bounded and checked in
/// the one pass that finds its closing quote. Anything it does not expect throws <see cref="UnexpectedJsonException"/>.
/// </summary>
internal readonly partial record struct DispatchFields
{
    // The same rules as the validating reads: the guild read from d's end (TryTailGuild) when it is there, and then the first
    // non-zero id; else the last id and guild_id seen until both are non-zero; a value that is not a string of digits reads as
    // 0. Internal for the tests, which check that Discord's messages never leave it.
    internal static DispatchFields Walk(ReadOnlyMemory<byte> data, bool guildOnly)
    {
        var json = data.Span;
        var at = Space(json, 0);
        if (At(json, at) != (byte)'{')
        {
            // d is always an object; anything else is the validating reader's to judge.
            throw new UnexpectedJsonException();
        }

        at = Space(json, at + 1);
        var fields = default(DispatchFields);
        var tailGuild = false;
        if (!guildOnly && TryTailGuild(json, out var guild, out var guildDigits))
        {
            tailGuild = true;
            fields = fields with { GuildId = guild, GuildDigits = data[guildDigits] };
        }

        if (At(json, at) == (byte)'}')
        {
            return fields;
        }

        while (true)
        {
            var nameEnd = At(json, at) == (byte)'"' ? QuoteOrBackslash(json, at + 1) : -1;
            if (nameEnd < 0 || json[nameEnd] != (byte)'"')
            {
                throw new UnexpectedJsonException();
            }

            var name = json[(at + 1)..nameEnd];
            var isId = name.Length == 2 && name[0] == (byte)'i' && name[1] == (byte)'d';
            var isGuild = !isId && !guildOnly && !tailGuild && name.Length == GuildIdName.Length && name.SequenceEqual(GuildIdName);
            at = Space(json, nameEnd + 1);
            if (At(json, at) != (byte)':')
            {
                throw new UnexpectedJsonException();
            }

            at = Space(json, at + 1);
            if (!isId && !isGuild)
            {
                at = SkipValue(json, at);
            }
            else
            {
                (var value, var digits, at) = SnowflakeAt(data, at);
                if (guildOnly)
                {
                    return new DispatchFields(value, value) { IdDigits = digits, GuildDigits = digits };
                }

                fields = isId ? fields with { Id = value, IdDigits = digits } : fields with { GuildId = value, GuildDigits = digits };
                if (fields.Id != 0 && fields.GuildId != 0)
                {
                    return fields;
                }
            }

            at = Space(json, at);
            switch (At(json, at))
            {
                case (byte)'}':
                    return fields;
                case (byte)',':
                    at = Space(json, at + 1);
                    break;
                default:
                    throw new UnexpectedJsonException();
            }
        }
    }

    // The value at `at`: its snowflake (0 unless a string of digits), its digits when they are the number's canonical decimal
    // form, and where the value ends.
    private static (ulong Value, ReadOnlyMemory<byte> Digits, int End) SnowflakeAt(ReadOnlyMemory<byte> data, int at)
    {
        var json = data.Span;
        if (At(json, at) != (byte)'"')
        {
            return (0, default, SkipValue(json, at));
        }

        var start = at + 1;
        if (JsonCursor.TryPlainSnowflake(json, start, out var value, out var length))
        {
            // Up to 19 digits and the closing quote: canonical unless padded with a zero (or zero itself).
            return (value, json[start] != (byte)'0' ? data.Slice(start, length) : default, start + length + 1);
        }

        // 20 digits, an escape, a sign or anything else: parsed as the validating reader parses the string's raw content.
        var end = SkipString(json, at);
        var content = data[start..(end - 1)];
        var parsed = Snowflake(content.Span);
        var canonical = parsed != 0 && content.Span[0] != (byte)'0' && !content.Span.ContainsAnyExceptInRange((byte)'0', (byte)'9');
        return (parsed, canonical ? content : default, end);
    }

    /// <summary>Where the value at <paramref name="at"/> ends; not validated, as the envelope never validated <c>d</c>.</summary>
    private static int SkipValue(ReadOnlySpan<byte> json, int at)
    {
        var first = At(json, at);
        switch (first)
        {
            case (byte)'"':
                return SkipString(json, at);
            case (byte)'{' or (byte)'[':
                // '}' and ']' are two past '{' and '['.
                if (At(json, at + 1) == first + 2)
                {
                    return at + 2;
                }

                var end = JsonValueBounds.EndOf(json, at);
                return end > 0 ? end : throw new UnexpectedJsonException();
            case (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'t' or (byte)'f' or (byte)'n':
                // A number, true, false or null: a few bytes, to the next delimiter.
                var i = at + 1;
                while (i < json.Length && json[i] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    i++;
                }

                return i < json.Length ? i : throw new UnexpectedJsonException();
            default:
                throw new UnexpectedJsonException();
        }
    }

    // Past the closing quote of the string whose opening quote is at `at`.
    private static int SkipString(ReadOnlySpan<byte> json, int at)
    {
        var i = at + 1;
        while (true)
        {
            i = QuoteOrBackslash(json, i);
            if (i < 0)
            {
                throw new UnexpectedJsonException();
            }

            if (json[i] == (byte)'"')
            {
                return i + 1;
            }

            i += 2; // A backslash escapes the next byte.
        }
    }

    private static int QuoteOrBackslash(ReadOnlySpan<byte> json, int from)
    {
        if (from >= json.Length)
        {
            return -1;
        }

        var found = json[from..].IndexOfAny((byte)'"', (byte)'\\');
        return found < 0 ? -1 : from + found;
    }

    // The byte at `at`, or 0 past the end.
    private static byte At(ReadOnlySpan<byte> json, int at) => (uint)at < (uint)json.Length ? json[at] : (byte)0;

    private static int Space(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }
}
