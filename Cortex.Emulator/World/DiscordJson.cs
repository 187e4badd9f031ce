using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Emulator.World;

/// <summary>
/// Writes world entities in the JSON shapes of Discord's API v10 (user, member, role, channel,
/// message, GUILD_CREATE guild). Snowflakes are strings, timestamps ISO 8601, as Discord sends them.
/// The REST side of the emulator can use the same writers, so both sides show the same objects.
/// </summary>
public static class DiscordJson
{
    /// <summary>Serializes with <paramref name="write"/> into a new UTF-8 JSON array.</summary>
    public static byte[] ToBytes(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A user object, its fields in the order Discord's gateway sends them.</summary>
    public static void WriteUser(Utf8JsonWriter writer, WorldUser user)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(user);
        writer.WriteStartObject();
        writer.WriteString("username", user.Username);
        writer.WriteNumber("public_flags", 0);
        writer.WriteString("id", Id(user.Id));
        writer.WriteString("global_name", user.GlobalName);
        writer.WriteString("discriminator", "0");
        if (user.Bot)
        {
            writer.WriteBoolean("bot", true);
        }

        writer.WriteNull("avatar_decoration_data");
        writer.WriteNull("avatar");
        writer.WriteEndObject();
    }

    /// <summary>
    /// A guild member object, in Discord's order; <paramref name="user"/> is included when given (GUILD_CREATE,
    /// GUILD_MEMBER_ADD).
    /// </summary>
    public static void WriteMember(Utf8JsonWriter writer, WorldMember member, WorldUser? user)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(member);
        writer.WriteStartObject();
        if (user is not null)
        {
            writer.WritePropertyName("user");
            WriteUser(writer, user);
        }

        writer.WriteStartArray("roles");
        foreach (var role in member.RoleIds)
        {
            writer.WriteStringValue(Id(role));
        }

        writer.WriteEndArray();
        writer.WriteNull("premium_since");
        writer.WriteBoolean("pending", false);
        writer.WriteString("nick", member.Nick);
        writer.WriteBoolean("mute", false);
        writer.WriteString("joined_at", member.JoinedAt);
        writer.WriteNumber("flags", 0);
        writer.WriteBoolean("deaf", false);
        writer.WriteNull("communication_disabled_until");
        writer.WriteNull("avatar");
        writer.WriteEndObject();
    }

    /// <summary>A role object.</summary>
    public static void WriteRole(Utf8JsonWriter writer, WorldRole role)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(role);
        writer.WriteStartObject();
        writer.WriteString("id", Id(role.Id));
        writer.WriteString("name", role.Name);
        writer.WriteNumber("color", role.Color);
        writer.WriteBoolean("hoist", false);
        writer.WriteNull("icon");
        writer.WriteNull("unicode_emoji");
        writer.WriteNumber("position", role.Position);
        writer.WriteString("permissions", role.Permissions.ToString(CultureInfo.InvariantCulture));
        writer.WriteBoolean("managed", role.Managed);
        writer.WriteBoolean("mentionable", false);
        writer.WriteNumber("flags", 0);
        writer.WriteEndObject();
    }

    /// <summary>A channel object.</summary>
    public static void WriteChannel(Utf8JsonWriter writer, WorldChannel channel)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(channel);
        writer.WriteStartObject();
        writer.WriteString("id", Id(channel.Id));
        writer.WriteNumber("type", channel.Type);
        if (channel.GuildId is { } guildId)
        {
            writer.WriteString("guild_id", Id(guildId));
            writer.WriteString("name", channel.Name);
            writer.WriteNumber("position", channel.Position);
            writer.WriteStartArray("permission_overwrites");
            writer.WriteEndArray();
            writer.WriteString("parent_id", channel.ParentId is { } parent ? Id(parent) : null);
            writer.WriteNull("topic");
            writer.WriteBoolean("nsfw", false);
            writer.WriteNumber("rate_limit_per_user", 0);
        }

        writer.WriteNull("last_message_id");
        writer.WriteNumber("flags", 0);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A message object as MESSAGE_CREATE carries it (with <c>member</c> in guilds). With
    /// <paramref name="withContent"/> false the content fields are empty, as for a session without
    /// the MESSAGE_CONTENT intent. The fields come in the order captured from Discord's gateway (ids after
    /// <c>member</c>, <c>author</c> near the end, <c>guild_id</c> last), so a reader that finds fields by walking meets the
    /// work it meets against Discord, not a friendlier order.
    /// </summary>
    public static void WriteMessage(Utf8JsonWriter writer, WorldMessage message, WorldUser author, WorldMember? member, bool withContent = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(author);
        writer.WriteStartObject();
        writer.WriteNumber("type", 0);
        writer.WriteBoolean("tts", false);
        writer.WriteString("timestamp", message.Timestamp);
        writer.WriteNull("referenced_message");
        writer.WriteBoolean("pinned", false);
        writer.WriteStartArray("mentions");
        writer.WriteEndArray();
        writer.WriteStartArray("mention_roles");
        writer.WriteEndArray();
        writer.WriteBoolean("mention_everyone", false);
        if (member is not null)
        {
            writer.WritePropertyName("member");
            WriteMember(writer, member, user: null);
        }

        writer.WriteString("id", Id(message.Id));
        writer.WriteNumber("flags", 0);
        writer.WriteStartArray("embeds");
        writer.WriteEndArray();
        writer.WriteNull("edited_timestamp");
        writer.WriteString("content", withContent ? message.Content : string.Empty);
        writer.WriteStartArray("components");
        writer.WriteEndArray();
        writer.WriteString("channel_id", Id(message.ChannelId));
        writer.WritePropertyName("author");
        WriteUser(writer, author);
        writer.WriteStartArray("attachments");
        writer.WriteEndArray();
        if (message.GuildId is { } guildId)
        {
            writer.WriteString("guild_id", Id(guildId));
        }

        writer.WriteEndObject();
    }

    /// <summary>The guild object of GUILD_CREATE: the guild with its roles, channels and members.</summary>
    public static void WriteGuildCreate(
        Utf8JsonWriter writer,
        WorldGuild guild,
        IEnumerable<WorldRole> roles,
        IEnumerable<WorldChannel> channels,
        IEnumerable<(WorldMember Member, WorldUser User)> members,
        DateTimeOffset joinedAt)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(guild);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(members);
        writer.WriteStartObject();
        writer.WriteString("id", Id(guild.Id));
        writer.WriteString("name", guild.Name);
        writer.WriteNull("icon");
        writer.WriteNull("splash");
        writer.WriteNull("discovery_splash");
        writer.WriteString("owner_id", Id(guild.OwnerId));
        writer.WriteNull("afk_channel_id");
        writer.WriteNumber("afk_timeout", 300);
        writer.WriteNumber("verification_level", 0);
        writer.WriteNumber("default_message_notifications", 0);
        writer.WriteNumber("explicit_content_filter", 0);
        writer.WriteStartArray("roles");
        foreach (var role in roles)
        {
            WriteRole(writer, role);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("emojis");
        writer.WriteEndArray();
        writer.WriteStartArray("features");
        writer.WriteEndArray();
        writer.WriteNumber("mfa_level", 0);
        writer.WriteNull("application_id");
        writer.WriteNull("system_channel_id");
        writer.WriteNumber("system_channel_flags", 0);
        writer.WriteNull("rules_channel_id");
        writer.WriteNull("vanity_url_code");
        writer.WriteNull("description");
        writer.WriteNull("banner");
        writer.WriteNumber("premium_tier", 0);
        writer.WriteString("preferred_locale", "en-US");
        writer.WriteNull("public_updates_channel_id");
        writer.WriteNumber("nsfw_level", 0);
        writer.WriteBoolean("premium_progress_bar_enabled", false);
        writer.WriteStartArray("stickers");
        writer.WriteEndArray();
        writer.WriteString("joined_at", joinedAt);
        writer.WriteBoolean("large", false);
        writer.WriteBoolean("unavailable", false);
        var count = 0;
        writer.WriteStartArray("members");
        foreach (var (member, user) in members)
        {
            WriteMember(writer, member, user);
            count++;
        }

        writer.WriteEndArray();
        writer.WriteNumber("member_count", count);
        writer.WriteStartArray("channels");
        foreach (var channel in channels)
        {
            WriteChannel(writer, channel);
        }

        writer.WriteEndArray();
        foreach (var empty in (ReadOnlySpan<string>)["threads", "presences", "voice_states", "stage_instances", "guild_scheduled_events", "soundboard_sounds"])
        {
            writer.WriteStartArray(empty);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>A snowflake as Discord's JSON writes it: a decimal string.</summary>
    public static string Id(Snowflake id) => id.ToString();
}
