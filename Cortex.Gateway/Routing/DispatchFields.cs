using System.Buffers.Text;
using System.Text.Json;
using Cortex.Gateway.Cache;

namespace Cortex.Gateway.Routing;

/// <summary>
/// The fields routing needs from a dispatch's <c>d</c>, read in one forward pass without building a DOM. Each id also keeps
/// its digits as they stand in <c>d</c> (<see cref="IdDigits"/>, <see cref="GuildDigits"/>) when they are exactly its decimal
/// form, so the routing call passes them on instead of formatting the parsed number back to the same text.
/// </summary>
internal readonly record struct DispatchFields(ulong Id, ulong GuildId)
{
    private static ReadOnlySpan<byte> IdName => "id"u8;

    private static ReadOnlySpan<byte> GuildIdName => "guild_id"u8;

    /// <summary><see cref="Id"/>'s decimal digits inside <c>d</c>; empty when they are not its canonical form (or it is 0).</summary>
    public ReadOnlyMemory<byte> IdDigits { get; init; }

    /// <summary><see cref="GuildId"/>'s decimal digits inside <c>d</c>, as <see cref="IdDigits"/>.</summary>
    public ReadOnlyMemory<byte> GuildDigits { get; init; }

    public bool InGuild => GuildId != 0;

    /// <summary>
    /// The top-level <c>id</c> and <c>guild_id</c>, each 0 when absent or not a snowflake string. Walked with
    /// <see cref="JsonCursor"/>, which skips the values before them by their bounds without validating them (as the envelope
    /// already did for all of <c>d</c>); a shape it does not expect (an escaped name) is read by <see cref="ReadValidating"/>.
    /// </summary>
    public static DispatchFields Read(ReadOnlyMemory<byte> data)
    {
        try
        {
            return Walk(data, guildOnly: false);
        }
        catch (UnexpectedJsonException)
        {
            return ReadValidating(data.Span);
        }
    }

    /// <summary>A GUILD_* dispatch's guild: its top-level <c>id</c>, as both fields; the read stops once it is found.</summary>
    public static DispatchFields ReadGuild(ReadOnlyMemory<byte> data)
    {
        try
        {
            return Walk(data, guildOnly: true);
        }
        catch (UnexpectedJsonException)
        {
            return ReadGuildValidating(data.Span);
        }
    }

    /// <summary>What <see cref="Read"/> returns, tokenizing (and so validating) everything up to the fields with <see cref="Utf8JsonReader"/>.</summary>
    internal static DispatchFields ReadValidating(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        ulong id = 0, guildId = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals(IdName);
            var isGuild = !isId && reader.ValueTextEquals(GuildIdName);
            reader.Read();
            if (isId || isGuild)
            {
                var value = reader.TokenType == JsonTokenType.String ? Snowflake(reader.ValueSpan) : 0;
                if (isId)
                {
                    id = value;
                }
                else
                {
                    guildId = value;
                }

                if (id != 0 && guildId != 0)
                {
                    break;
                }
            }

            // An object or array is skipped whole, an id's too: stepping into one read a nested "id" as the dispatch's.
            reader.Skip();
        }

        return new DispatchFields(id, guildId);
    }

    /// <summary>What <see cref="ReadGuild"/> returns, read with <see cref="Utf8JsonReader"/>.</summary>
    internal static DispatchFields ReadGuildValidating(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals(IdName);
            reader.Read();
            if (isId)
            {
                var guild = reader.TokenType == JsonTokenType.String ? Snowflake(reader.ValueSpan) : 0;
                return new DispatchFields(guild, guild);
            }

            reader.Skip();
        }

        return default;
    }

    // The same rules as the validating reads: the last id and guild_id seen until both are non-zero, a value that is not a
    // string of digits reads as 0.
    private static DispatchFields Walk(ReadOnlyMemory<byte> data, bool guildOnly)
    {
        var json = data.Span;
        var cursor = new JsonCursor(json);
        if (!cursor.Enter((byte)'{'))
        {
            return default;
        }

        var fields = default(DispatchFields);
        var first = true;
        while (cursor.NextProperty(ref first, out var name))
        {
            var isId = name.SequenceEqual(IdName);
            if (!isId && (guildOnly || !name.SequenceEqual(GuildIdName)))
            {
                cursor.SkipValue();
                continue;
            }

            var (value, digits) = SnowflakeAt(data, cursor.RawValue());
            if (guildOnly)
            {
                return new DispatchFields(value, value) { IdDigits = digits, GuildDigits = digits };
            }

            fields = isId ? fields with { Id = value, IdDigits = digits } : fields with { GuildId = value, GuildDigits = digits };
            if (fields.Id != 0 && fields.GuildId != 0)
            {
                break;
            }
        }

        return fields;
    }

    // A value's snowflake (0 unless a string of digits), and its digits when they are the number's canonical decimal form.
    private static (ulong Value, ReadOnlyMemory<byte> Digits) SnowflakeAt(ReadOnlyMemory<byte> data, Range raw)
    {
        var (offset, length) = raw.GetOffsetAndLength(data.Length);
        var span = data.Span;
        if (length < 2 || span[offset] != (byte)'"')
        {
            return (0, default);
        }

        var digits = data.Slice(offset + 1, length - 2);
        var value = Snowflake(digits.Span);
        return (value, value != 0 && digits.Span[0] != (byte)'0' && !digits.Span.ContainsAnyExceptInRange((byte)'0', (byte)'9') ? digits : default);
    }

    private static ulong Snowflake(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out ulong value, out var consumed) && consumed == digits.Length ? value : 0;
}
