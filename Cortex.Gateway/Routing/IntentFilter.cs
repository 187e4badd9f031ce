using System.Collections.Frozen;
using Cortex.Discord.Gateway;

namespace Cortex.Gateway.Routing;

/// <summary>
/// Drops dispatches that need an intent the gateway is not configured for (Discord's "List of Intents"),
/// so a wider session, an injected event or a misconfigured intent shows up as a counted drop, not as work.
/// </summary>
internal sealed class IntentFilter(GatewayIntents configured)
{
    // Events that need a different intent in a guild and in a DM: (guild, direct).
    private static readonly FrozenDictionary<string, (GatewayIntents Guild, GatewayIntents Direct)> Required =
        new Dictionary<string, (GatewayIntents, GatewayIntents)>
        {
            ["GUILD_CREATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["GUILD_UPDATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["GUILD_DELETE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["GUILD_ROLE_CREATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["GUILD_ROLE_UPDATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["GUILD_ROLE_DELETE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["CHANNEL_CREATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["CHANNEL_UPDATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["CHANNEL_DELETE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["THREAD_CREATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["THREAD_UPDATE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["THREAD_DELETE"] = (GatewayIntents.Guilds, GatewayIntents.Guilds),
            ["CHANNEL_PINS_UPDATE"] = (GatewayIntents.Guilds, GatewayIntents.DirectMessages),
            ["GUILD_MEMBER_ADD"] = (GatewayIntents.GuildMembers, GatewayIntents.GuildMembers),
            ["GUILD_MEMBER_UPDATE"] = (GatewayIntents.GuildMembers, GatewayIntents.GuildMembers),
            ["GUILD_MEMBER_REMOVE"] = (GatewayIntents.GuildMembers, GatewayIntents.GuildMembers),
            ["GUILD_BAN_ADD"] = (GatewayIntents.GuildModeration, GatewayIntents.GuildModeration),
            ["GUILD_BAN_REMOVE"] = (GatewayIntents.GuildModeration, GatewayIntents.GuildModeration),
            ["GUILD_AUDIT_LOG_ENTRY_CREATE"] = (GatewayIntents.GuildModeration, GatewayIntents.GuildModeration),
            ["PRESENCE_UPDATE"] = (GatewayIntents.GuildPresences, GatewayIntents.GuildPresences),
            ["VOICE_STATE_UPDATE"] = (GatewayIntents.GuildVoiceStates, GatewayIntents.GuildVoiceStates),
            ["MESSAGE_CREATE"] = (GatewayIntents.GuildMessages, GatewayIntents.DirectMessages),
            ["MESSAGE_UPDATE"] = (GatewayIntents.GuildMessages, GatewayIntents.DirectMessages),
            ["MESSAGE_DELETE"] = (GatewayIntents.GuildMessages, GatewayIntents.DirectMessages),
            ["MESSAGE_DELETE_BULK"] = (GatewayIntents.GuildMessages, GatewayIntents.GuildMessages),
            ["MESSAGE_REACTION_ADD"] = (GatewayIntents.GuildMessageReactions, GatewayIntents.DirectMessageReactions),
            ["MESSAGE_REACTION_REMOVE"] = (GatewayIntents.GuildMessageReactions, GatewayIntents.DirectMessageReactions),
            ["MESSAGE_REACTION_REMOVE_ALL"] = (GatewayIntents.GuildMessageReactions, GatewayIntents.DirectMessageReactions),
            ["MESSAGE_REACTION_REMOVE_EMOJI"] = (GatewayIntents.GuildMessageReactions, GatewayIntents.DirectMessageReactions),
            ["TYPING_START"] = (GatewayIntents.GuildMessageTyping, GatewayIntents.DirectMessageTyping),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public GatewayIntents Configured => configured;

    /// <summary>True when <see cref="Allows"/> can answer differently for a guild and a DM, so the caller must read guild_id.</summary>
    public static bool DependsOnGuild(string eventName) =>
        Required.TryGetValue(eventName, out var required) && required.Guild != required.Direct;

    /// <summary>True when the dispatch is within the configured intents (or needs none).</summary>
    public bool Allows(string eventName, bool inGuild) =>
        !Required.TryGetValue(eventName, out var required) || (configured & (inGuild ? required.Guild : required.Direct)) != 0;
}
