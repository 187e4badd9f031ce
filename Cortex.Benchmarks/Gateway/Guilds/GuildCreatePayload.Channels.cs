using System.Text.Json;

namespace Cortex.Benchmarks.Gateway.Guilds;

internal static partial class GuildCreatePayload
{
    // One category per ten channels; the rest text (most), voice, announcement and forum channels.
    private static void WriteChannels(Utf8JsonWriter w, Random random, ulong guild, ulong[] channels, ulong[] roles, ulong[] users)
    {
        w.WriteStartArray("channels");
        ulong category = 0;
        for (var i = 0; i < channels.Length; i++)
        {
            var type = i % 10 == 0 ? 4 : random.Next(10) switch { < 6 => 0, < 8 => 2, 8 => 5, _ => 15 };
            w.WriteStartObject();
            w.WriteString("id", Id(channels[i]));
            w.WriteNumber("type", type);
            w.WriteString("name", $"channel-{i}-{Hash(random)[..5]}");
            w.WriteNumber("position", i);
            w.WriteNumber("flags", 0);
            w.WriteString("parent_id", type == 4 || category == 0 ? null : Id(category));
            w.WriteStartArray("permission_overwrites");
            WriteOverwrite(w, guild, 0, 0, 1024);
            for (var o = random.Next(4); o > 0; o--)
            {
                WriteOverwrite(w, roles[random.Next(roles.Length)], 0, (ulong)random.NextInt64(0, 1L << 40), 0);
            }

            if (random.Next(8) == 0)
            {
                WriteOverwrite(w, users[random.Next(users.Length)], 1, 3072, 0);
            }

            w.WriteEndArray();
            if (type is 0 or 5 or 15)
            {
                w.WriteString("topic", random.Next(2) == 0 ? null : $"Topic of channel {i}: rules, links and pinned notes.");
                w.WriteBoolean("nsfw", false);
                w.WriteNumber("rate_limit_per_user", random.Next(3) == 0 ? 5 : 0);
                w.WriteString("last_message_id", Id(channels[i] + (ulong)random.Next(1 << 30)));
                w.WriteNumber("default_thread_rate_limit_per_user", 0);
            }
            else if (type == 2)
            {
                w.WriteNumber("bitrate", 64000);
                w.WriteNumber("user_limit", 0);
                w.WriteNull("rtc_region");
            }

            w.WriteEndObject();
            category = type == 4 ? channels[i] : category;
        }

        w.WriteEndArray();
    }

    private static void WriteOverwrite(Utf8JsonWriter w, ulong id, int type, ulong allow, ulong deny)
    {
        w.WriteStartObject();
        w.WriteString("id", Id(id));
        w.WriteNumber("type", type);
        w.WriteString("allow", allow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("deny", deny.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static void WriteThreads(Utf8JsonWriter w, Random random, Ids ids, ulong guild, ulong[] channels, ulong[] users, int count)
    {
        w.WriteStartArray("threads");
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", Id(ids.Next()));
            w.WriteNumber("type", 11);
            w.WriteString("guild_id", Id(guild));
            w.WriteString("parent_id", Id(channels[1 + random.Next(channels.Length - 1)]));
            w.WriteString("owner_id", Id(users[random.Next(users.Length)]));
            w.WriteString("name", $"thread {i}: question about the bot");
            w.WriteNumber("message_count", random.Next(200));
            w.WriteNumber("member_count", random.Next(2, 30));
            w.WriteNumber("rate_limit_per_user", 0);
            w.WriteNumber("flags", 0);
            w.WriteStartObject("thread_metadata");
            w.WriteBoolean("archived", false);
            w.WriteNumber("auto_archive_duration", 1440);
            w.WriteString("archive_timestamp", "2026-11-30T10:00:00.000000+00:00");
            w.WriteBoolean("locked", false);
            w.WriteString("create_timestamp", "2026-11-29T10:00:00.000000+00:00");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
