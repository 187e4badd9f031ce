using System.Buffers.Text;
using System.Text.Json;

namespace Cortex.Gateway.Routing;

/// <summary>The fields routing needs from a dispatch's <c>d</c>, read in one forward pass without building a DOM.</summary>
internal readonly record struct DispatchFields(ulong Id, ulong GuildId)
{
    private static ReadOnlySpan<byte> IdName => "id"u8;

    private static ReadOnlySpan<byte> GuildIdName => "guild_id"u8;

    public bool InGuild => GuildId != 0;

    public static DispatchFields Read(ReadOnlySpan<byte> json)
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
            else
            {
                reader.Skip();
            }
        }

        return new DispatchFields(id, guildId);
    }

    /// <summary>A GUILD_* dispatch's guild: its top-level <c>id</c>, as both fields; the read stops once it is found.</summary>
    public static DispatchFields ReadGuild(ReadOnlySpan<byte> json)
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
