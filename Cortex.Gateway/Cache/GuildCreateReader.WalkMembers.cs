using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

internal static partial class GuildCreateReader
{
    private static void WalkChannels(ref JsonCursor json, Dictionary<Snowflake, CachedChannel> channels, Scratch scratch)
    {
        var firstChannel = true;
        if (!json.Enter((byte)'['))
        {
            return;
        }

        while (NextObject(ref json, ref firstChannel))
        {
            ulong id = 0, parent = 0;
            var type = 0;
            var found = 0;
            scratch.Overwrites.Clear();
            var first = true;
            while (json.NextProperty(ref first, out var name))
            {
                if (name.SequenceEqual("id"u8))
                {
                    id = json.Snowflake();
                    found |= 1;
                }
                else if (name.SequenceEqual("type"u8))
                {
                    type = json.Int32();
                    found |= 2;
                }
                else if (name.SequenceEqual("parent_id"u8))
                {
                    parent = json.Snowflake();
                    found |= 4;
                }
                else if (name.SequenceEqual("permission_overwrites"u8))
                {
                    WalkOverwrites(ref json, scratch.Overwrites);
                    found |= 8;
                }
                else
                {
                    json.SkipValue();
                }

                if (found == 15)
                {
                    json.SkipRest();
                    break;
                }
            }

            channels[id] = new CachedChannel(id, type, parent, scratch.Overwrites.Count == 0 ? [] : [.. scratch.Overwrites]);
        }
    }

    private static void WalkMembers(ref JsonCursor json, Dictionary<Snowflake, ulong[]> members, Scratch scratch)
    {
        var firstMember = true;
        if (!json.Enter((byte)'['))
        {
            return;
        }

        while (NextObject(ref json, ref firstMember))
        {
            ulong user = 0;
            var found = 0;
            scratch.Roles.Clear();
            var first = true;
            while (json.NextProperty(ref first, out var name))
            {
                if (name.SequenceEqual("user"u8))
                {
                    user = WalkUserId(ref json);
                    found |= 1;
                }
                else if (name.SequenceEqual("roles"u8))
                {
                    WalkRoleIds(ref json, scratch.Roles);
                    found |= 2;
                }
                else
                {
                    json.SkipValue();
                }

                if (found == 3)
                {
                    json.SkipRest();
                    break;
                }
            }

            members[user] = scratch.Roles.Count == 0 ? [] : [.. scratch.Roles];
        }
    }

    /// <summary>The <c>id</c> of a user object value; 0 when the value is not an object or has none.</summary>
    private static ulong WalkUserId(ref JsonCursor json)
    {
        if (!json.Enter((byte)'{'))
        {
            return 0;
        }

        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (name.SequenceEqual("id"u8))
            {
                var id = json.Snowflake();
                json.SkipRest();
                return id;
            }

            json.SkipValue();
        }

        return 0;
    }

    private static void WalkRoleIds(ref JsonCursor json, List<ulong> roles)
    {
        var first = true;
        if (!json.Enter((byte)'['))
        {
            return;
        }

        while (json.NextElement(ref first))
        {
            roles.Add(json.Snowflake());
        }
    }
}
