using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Gateway.Cache;

internal static partial class GuildCreateReader
{
    /// <summary>Positions on the first token inside an array value; false (value skipped) when the value is not an array.</summary>
    private static bool EnterArray(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>Moves to the next object of the current array; non-object elements are skipped; false at the array's end.</summary>
    private static bool NextObject(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static void ReadRoles(ref Utf8JsonReader reader, Dictionary<Snowflake, ulong> roles)
    {
        if (!EnterArray(ref reader))
        {
            return;
        }

        while (NextObject(ref reader))
        {
            ulong id = 0, permissions = 0;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadSnowflake(ref reader);
                }
                else if (reader.ValueTextEquals("permissions"u8))
                {
                    permissions = ReadSnowflake(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            roles[id] = permissions;
        }
    }

    private static void ReadChannels(ref Utf8JsonReader reader, Dictionary<Snowflake, CachedChannel> channels, Scratch scratch)
    {
        if (!EnterArray(ref reader))
        {
            return;
        }

        while (NextObject(ref reader))
        {
            ulong id = 0, parent = 0;
            var type = 0;
            scratch.Overwrites.Clear();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadSnowflake(ref reader);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var t) ? t : 0;
                }
                else if (reader.ValueTextEquals("parent_id"u8))
                {
                    parent = ReadSnowflake(ref reader);
                }
                else if (reader.ValueTextEquals("permission_overwrites"u8))
                {
                    ReadOverwrites(ref reader, scratch.Overwrites);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            channels[id] = new CachedChannel(id, type, parent, scratch.Overwrites.Count == 0 ? [] : [.. scratch.Overwrites]);
        }
    }

    private static void ReadOverwrites(ref Utf8JsonReader reader, List<ChannelOverwrite> overwrites)
    {
        if (!EnterArray(ref reader))
        {
            return;
        }

        while (NextObject(ref reader))
        {
            ulong id = 0, allow = 0, deny = 0;
            var type = 0;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadSnowflake(ref reader);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var t) ? t : 0;
                }
                else if (reader.ValueTextEquals("allow"u8))
                {
                    allow = ReadSnowflake(ref reader);
                }
                else if (reader.ValueTextEquals("deny"u8))
                {
                    deny = ReadSnowflake(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            overwrites.Add(new ChannelOverwrite(id, (PermissionOverwriteType)type, (DiscordPermissions)allow, (DiscordPermissions)deny));
        }
    }
}
