using Cortex.Discord.Gateway;

namespace Cortex.Emulator.Gateway;

/// <summary>Which intent a dispatch needs (Discord's "List of Intents"); None means it is always sent.</summary>
internal static class GatewayIntentRules
{
    public static GatewayIntents RequiredIntent(string eventName, bool inGuild) => eventName switch
    {
        "GUILD_CREATE" or "GUILD_UPDATE" or "GUILD_DELETE" or "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE"
            or "GUILD_ROLE_DELETE" or "CHANNEL_CREATE" or "CHANNEL_UPDATE" or "CHANNEL_DELETE"
            or "THREAD_CREATE" or "THREAD_UPDATE" or "THREAD_DELETE" or "THREAD_LIST_SYNC" or "THREAD_MEMBER_UPDATE"
            or "THREAD_MEMBERS_UPDATE" => GatewayIntents.Guilds,
        "CHANNEL_PINS_UPDATE" => inGuild ? GatewayIntents.Guilds : GatewayIntents.DirectMessages,
        "GUILD_MEMBER_ADD" or "GUILD_MEMBER_UPDATE" or "GUILD_MEMBER_REMOVE" => GatewayIntents.GuildMembers,
        "GUILD_BAN_ADD" or "GUILD_BAN_REMOVE" or "GUILD_AUDIT_LOG_ENTRY_CREATE" => GatewayIntents.GuildModeration,
        "PRESENCE_UPDATE" => GatewayIntents.GuildPresences,
        "VOICE_STATE_UPDATE" => GatewayIntents.GuildVoiceStates,
        "MESSAGE_CREATE" or "MESSAGE_UPDATE" or "MESSAGE_DELETE" =>
            inGuild ? GatewayIntents.GuildMessages : GatewayIntents.DirectMessages,
        "MESSAGE_DELETE_BULK" => GatewayIntents.GuildMessages,
        "MESSAGE_REACTION_ADD" or "MESSAGE_REACTION_REMOVE" or "MESSAGE_REACTION_REMOVE_ALL" or "MESSAGE_REACTION_REMOVE_EMOJI" =>
            inGuild ? GatewayIntents.GuildMessageReactions : GatewayIntents.DirectMessageReactions,
        "TYPING_START" => inGuild ? GatewayIntents.GuildMessageTyping : GatewayIntents.DirectMessageTyping,
        _ => GatewayIntents.None,
    };
}
