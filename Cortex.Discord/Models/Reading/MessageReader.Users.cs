using System.Text.Json;

namespace Cortex.Discord.Models;

public static partial class MessageReader
{
    /// <summary>A user object (every field of <see cref="User"/> is read here; names it does not have are skipped, as the serializer does).</summary>
    private static bool TryUser(ref Utf8JsonReader reader, out User? user)
    {
        user = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        Snowflake? id = null;
        string? username = null, discriminator = null, globalName = null, avatar = null, banner = null, locale = null, email = null;
        bool? bot = null, system = null, mfaEnabled = null, verified = null;
        int? accentColor = null, premiumType = null;
        long? flags = null, publicFlags = null;
        JsonElement? decoration = null, collectibles = null, primaryGuild = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!PlainName(ref reader, out var name))
            {
                return false;
            }

            var ok = name switch
            {
                _ when name.SequenceEqual("id"u8) => Snowflake(ref reader, out id),
                _ when name.SequenceEqual("username"u8) => String(ref reader, out username) && username is not null,
                _ when name.SequenceEqual("discriminator"u8) => String(ref reader, out discriminator),
                _ when name.SequenceEqual("global_name"u8) => String(ref reader, out globalName),
                _ when name.SequenceEqual("avatar"u8) => String(ref reader, out avatar),
                _ when name.SequenceEqual("bot"u8) => NullableBool(ref reader, out bot),
                _ when name.SequenceEqual("system"u8) => NullableBool(ref reader, out system),
                _ when name.SequenceEqual("mfa_enabled"u8) => NullableBool(ref reader, out mfaEnabled),
                _ when name.SequenceEqual("banner"u8) => String(ref reader, out banner),
                _ when name.SequenceEqual("accent_color"u8) => NullableInt(ref reader, out accentColor),
                _ when name.SequenceEqual("locale"u8) => String(ref reader, out locale),
                _ when name.SequenceEqual("verified"u8) => NullableBool(ref reader, out verified),
                _ when name.SequenceEqual("email"u8) => String(ref reader, out email),
                _ when name.SequenceEqual("flags"u8) => NullableLong(ref reader, out flags),
                _ when name.SequenceEqual("premium_type"u8) => NullableInt(ref reader, out premiumType),
                _ when name.SequenceEqual("public_flags"u8) => NullableLong(ref reader, out publicFlags),
                _ when name.SequenceEqual("avatar_decoration_data"u8) => Element(ref reader, out decoration),
                _ when name.SequenceEqual("collectibles"u8) => Element(ref reader, out collectibles),
                _ when name.SequenceEqual("primary_guild"u8) => Element(ref reader, out primaryGuild),
                _ => Skip(ref reader),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (id is not { } userId || username is null)
        {
            return false;
        }

        user = new User
        {
            Id = userId,
            Username = username,
            Discriminator = discriminator ?? "0",
            GlobalName = globalName,
            Avatar = avatar,
            Bot = bot,
            System = system,
            MfaEnabled = mfaEnabled,
            Banner = banner,
            AccentColor = accentColor,
            Locale = locale,
            Verified = verified,
            Email = email,
            Flags = flags,
            PremiumType = premiumType,
            PublicFlags = publicFlags,
            AvatarDecorationData = decoration,
            Collectibles = collectibles,
            PrimaryGuild = primaryGuild,
        };
        return true;
    }

    /// <summary>An array of user objects, or null.</summary>
    private static bool Users(ref Utf8JsonReader reader, out IReadOnlyList<User>? users)
    {
        users = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<User>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryUser(ref reader, out var user))
            {
                return false;
            }

            list.Add(user!);
        }

        users = list;
        return true;
    }
}
