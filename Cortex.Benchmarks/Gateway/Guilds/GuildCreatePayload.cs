using System.Buffers;
using System.Text.Json;

namespace Cortex.Benchmarks.Gateway.Guilds;

/// <summary>
/// A GUILD_CREATE <c>d</c> with every field Discord documents for it (guild object, roles, emojis, stickers,
/// channels with overwrites, threads, members, presences with activities, voice states), generated from a
/// fixed seed so every run, and the peer, sees the same bytes.
/// </summary>
internal static partial class GuildCreatePayload
{
    public static byte[] Build(GuildShape shape, int seed)
    {
        var random = new Random(seed);
        var ids = new Ids(random);
        var guild = ids.Next();
        var users = Enumerable.Range(0, shape.ListedMembers).Select(_ => ids.Next()).ToArray();
        var roles = Enumerable.Range(0, shape.Roles).Select(i => i == 0 ? guild : ids.Next()).ToArray();
        var channels = Enumerable.Range(0, shape.Channels).Select(_ => ids.Next()).ToArray();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteGuildFields(w, random, shape, guild, users[0]);
            WriteRoles(w, random, roles);
            WriteEmojis(w, random, ids, roles, shape.Emojis);
            w.WriteStartArray("stickers");
            w.WriteEndArray();
            WriteChannels(w, random, guild, channels, roles, users);
            WriteThreads(w, random, ids, guild, channels, users, shape.Threads);
            WriteMembers(w, random, users, roles);
            WritePresences(w, random, users);
            WriteVoiceStates(w, random, channels, users, shape.VoiceStates);
            w.WriteStartArray("stage_instances");
            w.WriteEndArray();
            w.WriteStartArray("guild_scheduled_events");
            w.WriteEndArray();
            w.WriteStartArray("soundboard_sounds");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteGuildFields(Utf8JsonWriter w, Random random, GuildShape shape, ulong guild, ulong owner)
    {
        w.WriteString("id", Id(guild));
        w.WriteString("name", $"{shape.Name} {random.Next(1000)}");
        w.WriteString("icon", Hash(random));
        w.WriteNull("splash");
        w.WriteNull("discovery_splash");
        w.WriteString("owner_id", Id(owner));
        w.WriteNull("afk_channel_id");
        w.WriteNumber("afk_timeout", 300);
        w.WriteNumber("verification_level", 2);
        w.WriteNumber("default_message_notifications", 1);
        w.WriteNumber("explicit_content_filter", 2);
        w.WriteStartArray("features");
        foreach (var feature in new[] { "COMMUNITY", "NEWS", "WELCOME_SCREEN_ENABLED", "MEMBER_VERIFICATION_GATE_ENABLED", "PREVIEW_ENABLED", "ANIMATED_ICON" })
        {
            w.WriteStringValue(feature);
        }

        w.WriteEndArray();
        w.WriteNumber("mfa_level", 1);
        w.WriteNull("application_id");
        w.WriteNull("system_channel_id");
        w.WriteNumber("system_channel_flags", 0);
        w.WriteNull("rules_channel_id");
        w.WriteNull("vanity_url_code");
        w.WriteString("description", "A community server generated for the gateway benchmarks.");
        w.WriteNull("banner");
        w.WriteNumber("premium_tier", 2);
        w.WriteNumber("premium_subscription_count", 14);
        w.WriteString("preferred_locale", "en-US");
        w.WriteNull("public_updates_channel_id");
        w.WriteNumber("max_video_channel_users", 25);
        w.WriteNumber("nsfw_level", 0);
        w.WriteBoolean("premium_progress_bar_enabled", false);
        w.WriteString("joined_at", "2025-06-01T12:00:00.000000+00:00");
        w.WriteBoolean("large", shape.MemberCount > 250);
        w.WriteBoolean("unavailable", false);
        w.WriteNumber("member_count", shape.MemberCount);
    }

    private static string Id(ulong id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Hash(Random random) => Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));

    /// <summary>Snowflakes of 2021–2026 (timestamp, worker, sequence), unique within a payload.</summary>
    private sealed class Ids(Random random)
    {
        private ulong _last = (ulong)random.NextInt64(1L << 40, 1L << 41) << 22;

        public ulong Next() => _last += (ulong)random.Next(1 << 10, 1 << 30);
    }
}
