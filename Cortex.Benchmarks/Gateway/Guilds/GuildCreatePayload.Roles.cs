using System.Text.Json;

namespace Cortex.Benchmarks.Gateway.Guilds;

internal static partial class GuildCreatePayload
{
    private static void WriteRoles(Utf8JsonWriter w, Random random, ulong[] roles)
    {
        w.WriteStartArray("roles");
        for (var i = 0; i < roles.Length; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", Id(roles[i]));
            w.WriteString("name", i == 0 ? "@everyone" : $"Role {i} {Hash(random)[..6]}");
            w.WriteNull("description");
            w.WriteNumber("color", random.Next(0xFFFFFF));
            w.WriteStartObject("colors");
            w.WriteNumber("primary_color", random.Next(0xFFFFFF));
            w.WriteNull("secondary_color");
            w.WriteNull("tertiary_color");
            w.WriteEndObject();
            w.WriteBoolean("hoist", random.Next(4) == 0);
            w.WriteNull("icon");
            w.WriteNull("unicode_emoji");
            w.WriteNumber("position", i);
            // @everyone gets Discord's default set; others a random subset, a few administrators.
            var permissions = i == 0 ? 1071698660929UL : (ulong)random.NextInt64(0, 1L << 46) | (random.Next(20) == 0 ? 8UL : 0UL);
            w.WriteString("permissions", permissions.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteBoolean("managed", false);
            w.WriteBoolean("mentionable", random.Next(2) == 0);
            w.WriteNumber("flags", 0);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteEmojis(Utf8JsonWriter w, Random random, Ids ids, ulong[] roles, int count)
    {
        w.WriteStartArray("emojis");
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", Id(ids.Next()));
            w.WriteString("name", $"emoji_{i}_{Hash(random)[..4]}");
            w.WriteStartArray("roles");
            if (random.Next(10) == 0)
            {
                w.WriteStringValue(Id(roles[random.Next(roles.Length)]));
            }

            w.WriteEndArray();
            w.WriteBoolean("require_colons", true);
            w.WriteBoolean("managed", false);
            w.WriteBoolean("animated", random.Next(3) == 0);
            w.WriteBoolean("available", true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
