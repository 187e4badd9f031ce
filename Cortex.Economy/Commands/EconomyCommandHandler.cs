using Cortex.Commands.Handlers;
using Cortex.Discord.Models;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Commands;

/// <summary>
/// Hands one slash command to its <see cref="IEconomyCommand"/> once it is known to come from a member in a
/// server. Errors and private information are ephemeral; money moved in public (pay, daily, work) is announced.
/// </summary>
public sealed class EconomyCommandHandler(SlashCommandRegistry<IEconomyCommand> commands)
{
    public async Task<InteractionReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (commands.Find(interaction.Data?.Name) is not { } command)
        {
            return InteractionReply.Private("Unknown command.");
        }

        if (!TryGetId(interaction.GuildId, out var guildId))
        {
            return InteractionReply.Private("Economy commands work inside a server.");
        }

        if (!TryGetId(interaction.Invoker?.Id, out var userId))
        {
            return InteractionReply.Private("Could not tell who sent this command.");
        }

        return await command.HandleAsync(new EconomyCommandCall(interaction, guildId, userId), cancellationToken);
    }

    // Economy rows key on signed 64-bit ids; every real snowflake fits.
    private static bool TryGetId(Snowflake? snowflake, out Snowflake id)
    {
        id = snowflake is { } value && value.FitsBigint() ? value : default;
        return id.Value != 0;
    }
}
