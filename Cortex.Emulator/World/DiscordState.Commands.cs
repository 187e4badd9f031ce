using System.Text.RegularExpressions;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

public sealed partial class DiscordState
{
    /// <summary>PUT /applications/{id}/commands (guildId null) or /applications/{id}/guilds/{guild.id}/commands.</summary>
    public IReadOnlyList<ApplicationCommand> OverwriteCommands(Snowflake? guildId, IReadOnlyList<ApplicationCommand> commands)
    {
        lock (_lock)
        {
            if (guildId is { } id)
            {
                RequireGuild(id);
            }

            if (commands.Count > 100)
            {
                throw RestException.InvalidFormBody("Must be 100 or fewer in length.");
            }

            var existing = guildId is { } g ? _guildCommands.GetValueOrDefault(g) ?? [] : _globalCommands;
            var names = new HashSet<string>(StringComparer.Ordinal);
            var stored = new List<ApplicationCommand>(commands.Count);
            for (var i = 0; i < commands.Count; i++)
            {
                var command = commands[i];
                Validate(command, i);
                if (!names.Add(command.Name))
                {
                    throw RestException.InvalidFormBody($"{i}.name: Application command names must be unique");
                }

                var previous = existing.FirstOrDefault(c => c.Name == command.Name);
                stored.Add(command with
                {
                    Id = previous?.Id ?? NextId(),
                    Type = command.Type ?? ApplicationCommandType.ChatInput,
                    ApplicationId = ApplicationId,
                    GuildId = guildId is { } gid ? new Snowflake(gid) : null,
                    Version = NextId(),
                });
            }

            if (guildId is { } target)
            {
                _guildCommands[target] = stored;
            }
            else
            {
                _globalCommands = stored;
            }

            // Not a gateway event: it tells the chat page to list the new commands.
            _dispatches.Raise(new EmulatorDispatch("APPLICATION_COMMANDS_UPDATE", guildId,
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(stored, DiscordJsonContext.Default.IReadOnlyListApplicationCommand), ToGateway: false));
            return stored;
        }
    }

    /// <summary>The commands usable in a guild: its own and the global ones.</summary>
    public IReadOnlyList<ApplicationCommand> CommandsFor(Snowflake? guildId)
    {
        lock (_lock)
        {
            var guild = guildId is { } id ? _guildCommands.GetValueOrDefault(id) ?? [] : [];
            return [.. guild, .. _globalCommands.Where(global => guild.All(c => c.Name != global.Name))];
        }
    }

    public IReadOnlyList<ApplicationCommand> GetCommands(Snowflake? guildId)
    {
        lock (_lock)
        {
            return guildId is { } id ? _guildCommands.GetValueOrDefault(id) ?? [] : _globalCommands;
        }
    }

    private static void Validate(ApplicationCommand command, int index)
    {
        // User and message commands take display names (spaces, capitals) and no description.
        if (command.Type is ApplicationCommandType.User or ApplicationCommandType.Message)
        {
            if (command.Name.Length is < 1 or > 32 || !string.IsNullOrEmpty(command.Description))
            {
                throw RestException.InvalidFormBody($"{index}.name: Context menu commands take a 1-32 character name and no description.");
            }

            return;
        }

        if (!CommandName().IsMatch(command.Name) || command.Name.Any(char.IsUpper))
        {
            throw RestException.InvalidFormBody($"{index}.name: Command name is invalid");
        }

        if (command.Description is not { Length: >= 1 and <= 100 })
        {
            throw RestException.InvalidFormBody($"{index}.description: Must be between 1 and 100 in length.");
        }

        foreach (var option in command.Options ?? [])
        {
            if (!CommandName().IsMatch(option.Name) || option.Description.Length is < 1 or > 100)
            {
                throw RestException.InvalidFormBody($"{index}.options: Option \"{option.Name}\" is invalid");
            }
        }

        if (command.DefaultMemberPermissions is { } permissions && !ulong.TryParse(permissions, out _))
        {
            throw RestException.InvalidFormBody($"{index}.default_member_permissions: Not a permission bit set");
        }
    }

    [GeneratedRegex(@"^[-_\p{L}\p{N}]{1,32}$")]
    private static partial Regex CommandName();
}
