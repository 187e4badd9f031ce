namespace Cortex.Discord.Gateway;

/// <summary>Gateway intents: which groups of events a session receives.</summary>
[Flags]
public enum GatewayIntents
{
    /// <summary>No events that need an intent.</summary>
    None = 0,
#pragma warning disable CS1591 // Each name is the intent of Discord's table.
    Guilds = 1 << 0,
    GuildMembers = 1 << 1,
    GuildModeration = 1 << 2,
    GuildExpressions = 1 << 3,
    GuildIntegrations = 1 << 4,
    GuildWebhooks = 1 << 5,
    GuildInvites = 1 << 6,
    GuildVoiceStates = 1 << 7,
    GuildPresences = 1 << 8,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    GuildMessageTyping = 1 << 11,
    DirectMessages = 1 << 12,
    DirectMessageReactions = 1 << 13,
    DirectMessageTyping = 1 << 14,
    MessageContent = 1 << 15,
    GuildScheduledEvents = 1 << 16,
    AutoModerationConfiguration = 1 << 20,
    AutoModerationExecution = 1 << 21,
    GuildMessagePolls = 1 << 24,
    DirectMessagePolls = 1 << 25,
#pragma warning restore CS1591

    /// <summary>The intents that must be enabled for the application before they may be sent.</summary>
    Privileged = GuildMembers | GuildPresences | MessageContent,

    /// <summary>Every intent Discord defines; any other bit closes the connection with 4013.</summary>
    All = Guilds | GuildMembers | GuildModeration | GuildExpressions | GuildIntegrations | GuildWebhooks
        | GuildInvites | GuildVoiceStates | GuildPresences | GuildMessages | GuildMessageReactions
        | GuildMessageTyping | DirectMessages | DirectMessageReactions | DirectMessageTyping | MessageContent
        | GuildScheduledEvents | AutoModerationConfiguration | AutoModerationExecution | GuildMessagePolls
        | DirectMessagePolls,
}
