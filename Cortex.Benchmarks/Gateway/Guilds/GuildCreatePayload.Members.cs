using System.Text.Json;

namespace Cortex.Benchmarks.Gateway.Guilds;

internal static partial class GuildCreatePayload
{
    private static readonly string[] Statuses = ["online", "online", "idle", "dnd"];

    private static void WriteMembers(Utf8JsonWriter w, Random random, ulong[] users, ulong[] roles)
    {
        w.WriteStartArray("members");
        for (var i = 0; i < users.Length; i++)
        {
            w.WriteStartObject();
            w.WriteStartObject("user");
            w.WriteString("id", Id(users[i]));
            w.WriteString("username", $"member{i}_{Hash(random)[..6]}");
            w.WriteString("global_name", random.Next(3) == 0 ? null : $"Member Ñame {i} ✨");
            w.WriteString("avatar", random.Next(4) == 0 ? null : Hash(random));
            w.WriteString("discriminator", "0");
            w.WriteNumber("public_flags", random.Next(3) == 0 ? 64 : 0);
            w.WriteNull("avatar_decoration_data");
            if (i == 0)
            {
                w.WriteBoolean("bot", false);
            }

            w.WriteEndObject();
            w.WriteString("nick", random.Next(4) == 0 ? $"nick {i}" : null);
            w.WriteNull("avatar");
            w.WriteNull("banner");
            w.WriteStartArray("roles");
            for (var r = random.Next(6); r > 0; r--)
            {
                w.WriteStringValue(Id(roles[1 + random.Next(roles.Length - 1)]));
            }

            w.WriteEndArray();
            w.WriteString("joined_at", $"202{random.Next(1, 6)}-0{random.Next(1, 10)}-1{random.Next(10)}T1{random.Next(10)}:2{random.Next(10)}:00.000000+00:00");
            w.WriteString("premium_since", random.Next(20) == 0 ? "2026-02-01T00:00:00.000000+00:00" : null);
            w.WriteBoolean("deaf", false);
            w.WriteBoolean("mute", false);
            w.WriteNumber("flags", 0);
            w.WriteBoolean("pending", false);
            w.WriteNull("communication_disabled_until");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WritePresences(Utf8JsonWriter w, Random random, ulong[] users)
    {
        w.WriteStartArray("presences");
        foreach (var user in users)
        {
            var status = Statuses[random.Next(Statuses.Length)];
            w.WriteStartObject();
            w.WriteStartObject("user");
            w.WriteString("id", Id(user));
            w.WriteEndObject();
            w.WriteString("status", status);
            w.WriteStartObject("client_status");
            w.WriteString(random.Next(2) == 0 ? "desktop" : "mobile", status);
            w.WriteEndObject();
            w.WriteStartArray("activities");
            if (random.Next(2) == 0)
            {
                w.WriteStartObject();
                w.WriteString("id", Hash(random)[..16]);
                w.WriteString("name", random.Next(2) == 0 ? "Spotify" : "Visual Studio Code");
                w.WriteNumber("type", random.Next(2) == 0 ? 2 : 0);
                w.WriteString("state", "Editing GuildCache.cs");
                w.WriteString("details", "Workspace: cortex");
                w.WriteNumber("created_at", 1_764_000_000_000L + random.Next(1 << 30));
                w.WriteStartObject("timestamps");
                w.WriteNumber("start", 1_764_000_000_000L + random.Next(1 << 30));
                w.WriteEndObject();
                w.WriteStartObject("assets");
                w.WriteString("large_image", $"mp:external/{Hash(random)}");
                w.WriteString("large_text", "an activity asset");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteVoiceStates(Utf8JsonWriter w, Random random, ulong[] channels, ulong[] users, int count)
    {
        w.WriteStartArray("voice_states");
        for (var i = 0; i < count && i < users.Length; i++)
        {
            w.WriteStartObject();
            w.WriteString("channel_id", Id(channels[random.Next(channels.Length)]));
            w.WriteString("user_id", Id(users[i]));
            w.WriteString("session_id", Hash(random));
            w.WriteBoolean("deaf", false);
            w.WriteBoolean("mute", false);
            w.WriteBoolean("self_deaf", random.Next(3) == 0);
            w.WriteBoolean("self_mute", random.Next(2) == 0);
            w.WriteBoolean("self_video", false);
            w.WriteBoolean("suppress", false);
            w.WriteNull("request_to_speak_timestamp");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
