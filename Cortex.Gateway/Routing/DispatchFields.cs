using System.Buffers.Text;
using System.Text.Json;
using Cortex.Gateway.Cache;

namespace Cortex.Gateway.Routing;

/// <summary>
/// The fields routing needs from a dispatch's <c>d</c>, read in one forward pass without building a DOM. Each id also keeps
/// its digits as they stand in <c>d</c> (<see cref="IdDigits"/>, <see cref="GuildDigits"/>) when they are exactly its decimal
/// form, so the routing call passes them on instead of formatting the parsed number back to the same text.
/// </summary>
internal readonly partial record struct DispatchFields(ulong Id, ulong GuildId)
{
    private static ReadOnlySpan<byte> IdName => "id"u8;

    private static ReadOnlySpan<byte> GuildIdName => "guild_id"u8;

    /// <summary><see cref="Id"/>'s decimal digits inside <c>d</c>; empty when they are not its canonical form (or it is 0).</summary>
    public ReadOnlyMemory<byte> IdDigits { get; init; }

    /// <summary><see cref="GuildId"/>'s decimal digits inside <c>d</c>, as <see cref="IdDigits"/>.</summary>
    public ReadOnlyMemory<byte> GuildDigits { get; init; }

    public bool InGuild => GuildId != 0;

    /// <summary>
    /// The top-level <c>id</c> and <c>guild_id</c>, each 0 when absent or not a snowflake string. Walked property by property
    /// (<see cref="Walk"/>), skipping the values before them by their bounds without validating them (as the envelope already
    /// did for all of <c>d</c>); a shape the walk does not expect (an escaped name) is read by <see cref="ReadValidating"/>. A
    /// <c>guild_id</c> written as <c>d</c>'s last member (Discord's messages) is read from the end (<see cref="TryTailGuild"/>),
    /// and then the <c>id</c> is searched for (<see cref="TrySeek"/>) rather than walked to.
    /// </summary>
    public static DispatchFields Read(ReadOnlyMemory<byte> data)
    {
        try
        {
            return TrySeek(data, out var fields) ? fields : Walk(data, guildOnly: false);
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

        var tailGuild = TryTailGuild(json, out var guildId, out _);
        ulong id = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals(IdName);
            var isGuild = !isId && !tailGuild && reader.ValueTextEquals(GuildIdName);
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

    private static ulong Snowflake(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out ulong value, out var consumed) && consumed == digits.Length ? value : 0;
}
