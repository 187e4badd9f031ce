using System.Text.Json;

namespace Cortex.Discord.Models;

public static partial class MessageReader
{
    private static readonly FieldNames MemberNames = new(typeof(MemberField));

    /// <summary>The member fields, named as on the wire (<see cref="FieldNames"/>).</summary>
    private enum MemberField
    {
        User, Nick, Avatar, Banner, Roles, JoinedAt, PremiumSince, CommunicationDisabledUntil, Permissions, Deaf, Mute, Flags,
        Pending, IsPending, AvatarDecorationData, Collectibles,
    }

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
            var ok = (MemberField)MemberNames.Find(reader.ValueSpan) switch
            {
                MemberField.User => reader.Read() && (reader.TokenType == JsonTokenType.Null || TryUser(ref reader, out user)),
                MemberField.Nick => String(ref reader, out nick),
                MemberField.Avatar => String(ref reader, out avatar),
                MemberField.Banner => String(ref reader, out banner),
                MemberField.Roles => Snowflakes(ref reader, out roles),
                MemberField.JoinedAt => NullableTime(ref reader, out joinedAt),
                MemberField.PremiumSince => NullableTime(ref reader, out premiumSince),
                MemberField.CommunicationDisabledUntil => NullableTime(ref reader, out disabledUntil),
                MemberField.Permissions => String(ref reader, out permissions),
                MemberField.Deaf => Bool(ref reader, out deaf),
                MemberField.Mute => Bool(ref reader, out mute),
                MemberField.Flags => NullableInt(ref reader, out flags),
                MemberField.Pending => NullableBool(ref reader, out pending),
                MemberField.IsPending => NullableBool(ref reader, out isPending),
                MemberField.AvatarDecorationData => Element(ref reader, out decoration),
                MemberField.Collectibles => Element(ref reader, out collectibles),
                _ => PlainName(ref reader, out _) && Skip(ref reader),
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
