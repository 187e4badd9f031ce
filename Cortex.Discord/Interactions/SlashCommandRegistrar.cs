using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Discord.Interactions;

/// <summary>Registers the declared commands with one bulk overwrite per scope.</summary>
public sealed class SlashCommandRegistrar(DiscordRestClient rest)
{
    /// <summary>
    /// Overwrites the application's commands with <paramref name="commands"/>: globally, or in each of
    /// <paramref name="guildIds"/>. Refuses an empty or duplicated list, which would silently delete commands.
    /// </summary>
    public async Task<IReadOnlyList<ApplicationCommand>> RegisterAsync(
        IReadOnlyList<SlashCommand> commands, CommandScope scope, IReadOnlyList<ulong> guildIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(guildIds);
        if (commands.Count == 0)
        {
            throw new ArgumentException("No commands declared: an empty overwrite would delete every registered command.", nameof(commands));
        }

        var duplicate = commands.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The command \"{duplicate.Key}\" is declared twice.", nameof(commands));
        }

        var application = await rest.GetCurrentApplicationAsync(cancellationToken);
        var payload = commands.Select(c => c.ToApplicationCommand()).ToList();
        if (scope == CommandScope.Global)
        {
            return await rest.BulkOverwriteGlobalCommandsAsync(application.Id, payload, cancellationToken);
        }

        List<ApplicationCommand> registered = [];
        foreach (var guildId in guildIds)
        {
            registered.AddRange(await rest.BulkOverwriteGuildCommandsAsync(application.Id, guildId, payload, cancellationToken));
        }

        return registered;
    }
}
