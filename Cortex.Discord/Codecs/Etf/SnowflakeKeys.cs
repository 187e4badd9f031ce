using System.Collections.Frozen;
using System.Text;

namespace Cortex.Discord.Codecs.Etf;

/// <summary>
/// The fields Discord's documentation types as <c>snowflake</c> (or an array of snowflakes), taken from the
/// field tables of discord/discord-api-docs. Over ETF only these travel as integers: a name ending in
/// <c>_id</c> is not enough (<c>custom_id</c>, <c>session_id</c> and <c>nonce</c> are strings even when all digits),
/// and <c>values</c> of a select menu stay strings.
/// </summary>
public static class SnowflakeKeys
{
    private static readonly FrozenSet<string> Names = FrozenSet.Create(StringComparer.Ordinal,
    [
        "id", "afk_channel_id", "alert_system_message_id", "application_id", "attachment_id", "banner_asset_id", "bot_id",
        "channel_id", "cover_sticker_id", "creator_id", "emoji_id", "entity_id", "guild_id", "guild_scheduled_event_id",
        "identity_guild_id", "integration_id", "interacted_message_id", "last_message_id", "launch_id", "lobby_id",
        "message_author_id", "message_id", "original_response_message_id", "owner_id", "owner_user_id", "pack_id",
        "parent_id", "primary_sku_id", "public_updates_channel_id", "recipient_id", "response_message_id", "role_id",
        "role_subscription_listing_id", "rule_id", "rules_channel_id", "safety_alerts_channel_id", "sku_id", "sound_id",
        "source_guild_id", "subscription_listing_id", "system_channel_id", "target_application_id", "target_id",
        "target_message_id", "target_user_id", "team_id", "thread_id", "user_id", "version", "webhook_channel_id",
        "webhook_id", "widget_channel_id",
        "applied_tags", "banned_users", "channel_ids", "default_channel_ids", "entitlement_ids", "exempt_channels",
        "exempt_roles", "failed_users", "guild_ids", "ids", "include_roles", "mention_roles", "removed_member_ids",
        "renewal_sku_ids", "role_ids", "roles", "sku_ids", "sticker_ids", "user_ids",
    ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the value under <paramref name="utf8Name"/> is a snowflake (or a list of them).</summary>
    public static bool Contains(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length > 64)
        {
            return false;
        }

        Span<char> name = stackalloc char[64];
        return Encoding.UTF8.TryGetChars(utf8Name, name, out var written) && Lookup.Contains(name[..written]);
    }
}
