using System.Text.Json;

namespace Cortex.Discord.Models;

public static partial class MessageReader
{
    private static readonly FieldNames UserNames = new(typeof(UserField));

    /// <summary>The user fields, named as on the wire (<see cref="FieldNames"/>).</summary>
    private enum UserField
    {
        Id, Username, Discriminator, GlobalName, Avatar, Bot, System, MfaEnabled, Banner, AccentColor, Locale, Verified, Email,
        Flags, PremiumType, PublicFlags, AvatarDecorationData, Collectibles, PrimaryGuild,
    }

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
            var ok = (UserField)UserNames.Find(reader.ValueSpan) switch
            {
                UserField.Id => Snowflake(ref reader, out id),
                UserField.Username => String(ref reader, out username) && username is not null,
                UserField.Discriminator => String(ref reader, out discriminator),
                UserField.GlobalName => String(ref reader, out globalName),
                UserField.Avatar => String(ref reader, out avatar),
                UserField.Bot => NullableBool(ref reader, out bot),
                UserField.System => NullableBool(ref reader, out system),
                UserField.MfaEnabled => NullableBool(ref reader, out mfaEnabled),
                UserField.Banner => String(ref reader, out banner),
                UserField.AccentColor => NullableInt(ref reader, out accentColor),
                UserField.Locale => String(ref reader, out locale),
                UserField.Verified => NullableBool(ref reader, out verified),
                UserField.Email => String(ref reader, out email),
                UserField.Flags => NullableLong(ref reader, out flags),
                UserField.PremiumType => NullableInt(ref reader, out premiumType),
                UserField.PublicFlags => NullableLong(ref reader, out publicFlags),
                UserField.AvatarDecorationData => Element(ref reader, out decoration),
                UserField.Collectibles => Element(ref reader, out collectibles),
                UserField.PrimaryGuild => Element(ref reader, out primaryGuild),
                _ => PlainName(ref reader, out _) && Skip(ref reader),
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

        // Most messages mention nobody: the empty list is the shared one, not a List allocated per message.
        List<User>? list = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryUser(ref reader, out var user))
            {
                return false;
            }

            (list ??= []).Add(user!);
        }

        users = list is not null ? list : Array.Empty<User>();
        return true;
    }
}
