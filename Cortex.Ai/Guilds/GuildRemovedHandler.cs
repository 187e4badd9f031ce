using Cortex.Discord.Models;
using Cortex.Events.Consuming;
using Microsoft.Extensions.Logging;

namespace Cortex.Ai.Guilds;

/// <summary>
/// GUILD_DELETE in the AI's group: when the bot is removed from a guild, every AI replica forgets that guild's cached
/// AI settings and moderation configuration at once (<see cref="GuildConfigChanges"/>), so a guild that is gone does
/// not hold places in the bounded caches, and one that adds the bot back starts from what is stored, not from a copy
/// taken before it left. An outage (<c>unavailable: true</c>) changes nothing: the guild comes back with GUILD_CREATE.
/// One replica handles the event (its consumer group); the announcement reaches the others.
/// </summary>
public sealed partial class GuildRemovedHandler(GuildConfigChanges changes, ILogger<GuildRemovedHandler> logger) : IEventHandler<UnavailableGuild>
{
    public async Task HandleAsync(UnavailableGuild discordEvent, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(discordEvent);
        if (!discordEvent.Removed)
        {
            return;
        }

        await changes.AnnounceAsync(discordEvent.Id.Value);
        LogRemoved(logger, discordEvent.Id.Value);
    }

    [LoggerMessage(1, LogLevel.Information, "The bot was removed from guild {GuildId}; every AI replica forgot its cached configuration.")]
    private static partial void LogRemoved(ILogger logger, ulong guildId);
}
