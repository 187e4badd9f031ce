using System.Text.Json;

namespace Cortex.Discord.Models;

public static partial class MessageReader
{
    /// <summary>A guild member object or null (every field of <see cref="GuildMember"/> is read here).</summary>
    private static bool Member(ref Utf8JsonReader reader, out GuildMember? member)
    {
        member = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        User? user = null;
        string? nick = null, avatar = null, banner = null, permissions = null;
        IReadOnlyList<Snowflake>? roles = null;
        DateTimeOffset? joinedAt = null, premiumSince = null, disabledUntil = null;
        bool deaf = false, mute = false;
        bool? pending = null, isPending = null;
        int? flags = null;
        JsonElement? decoration = null, collectibles = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!PlainName(ref reader, out var name))
            {
                return false;
            }

            var ok = name switch
            {
                _ when name.SequenceEqual("user"u8) => reader.Read() && (reader.TokenType == JsonTokenType.Null || TryUser(ref reader, out user)),
                _ when name.SequenceEqual("nick"u8) => String(ref reader, out nick),
                _ when name.SequenceEqual("avatar"u8) => String(ref reader, out avatar),
                _ when name.SequenceEqual("banner"u8) => String(ref reader, out banner),
                _ when name.SequenceEqual("roles"u8) => Snowflakes(ref reader, out roles),
                _ when name.SequenceEqual("joined_at"u8) => NullableTime(ref reader, out joinedAt),
                _ when name.SequenceEqual("premium_since"u8) => NullableTime(ref reader, out premiumSince),
                _ when name.SequenceEqual("communication_disabled_until"u8) => NullableTime(ref reader, out disabledUntil),
                _ when name.SequenceEqual("permissions"u8) => String(ref reader, out permissions),
                _ when name.SequenceEqual("deaf"u8) => Bool(ref reader, out deaf),
                _ when name.SequenceEqual("mute"u8) => Bool(ref reader, out mute),
                _ when name.SequenceEqual("flags"u8) => NullableInt(ref reader, out flags),
                _ when name.SequenceEqual("pending"u8) => NullableBool(ref reader, out pending),
                _ when name.SequenceEqual("is_pending"u8) => NullableBool(ref reader, out isPending),
                _ when name.SequenceEqual("avatar_decoration_data"u8) => Element(ref reader, out decoration),
                _ when name.SequenceEqual("collectibles"u8) => Element(ref reader, out collectibles),
                _ => Skip(ref reader),
            };
            if (!ok)
            {
                return false;
            }
        }

        member = new GuildMember
        {
            User = user,
            Nick = nick,
            Avatar = avatar,
            Banner = banner,
            Roles = roles ?? [],
            JoinedAt = joinedAt,
            PremiumSince = premiumSince,
            CommunicationDisabledUntil = disabledUntil,
            Permissions = permissions,
            Deaf = deaf,
            Mute = mute,
            Flags = flags,
            Pending = pending,
            IsPending = isPending,
            AvatarDecorationData = decoration,
            Collectibles = collectibles,
        };
        return true;
    }
}
