using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

internal static partial class GuildCreateReader
{
    private static void ReadMembers(ref Utf8JsonReader reader, Dictionary<Snowflake, ulong[]> members, Scratch scratch)
    {
        if (!EnterArray(ref reader))
        {
            return;
        }

        while (NextObject(ref reader))
        {
            ulong user = 0;
            scratch.Roles.Clear();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("user"u8))
                {
                    user = ReadUserId(ref reader);
                }
                else if (reader.ValueTextEquals("roles"u8))
                {
                    ReadRoleIds(ref reader, scratch.Roles);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            members[user] = scratch.Roles.Count == 0 ? [] : [.. scratch.Roles];
        }
    }

    /// <summary>The <c>id</c> of a user object value; 0 when the value is not an object or has none.</summary>
    private static ulong ReadUserId(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return 0;
        }

        ulong id = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = ReadSnowflake(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return id;
    }

    private static void ReadRoleIds(ref Utf8JsonReader reader, List<ulong> roles)
    {
        if (!EnterArray(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            roles.Add(Snowflake(ref reader));
        }
    }
}
