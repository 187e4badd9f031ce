using Cortex.Discord.Models;

namespace Cortex.Discord.Interactions;

/// <summary>
/// One slash command as Cortex declares it. Services list theirs once; the gateway registers the
/// union with a single bulk overwrite at start (Discord replaces the whole set on each overwrite).
/// </summary>
public sealed record SlashCommand(
    string Name,
    string Description,
    IReadOnlyList<ApplicationCommandOption>? Options = null,
    string? DefaultMemberPermissions = null)
{
    public ApplicationCommand ToApplicationCommand() => new()
    {
        Type = ApplicationCommandType.ChatInput,
        Name = Name,
        Description = Description,
        Options = Options is { Count: > 0 } ? Options : null,
        DefaultMemberPermissions = DefaultMemberPermissions,
    };
}

/// <summary>A service's contribution to the declarative command list.</summary>
public interface ISlashCommandSource
{
    IReadOnlyList<SlashCommand> Commands { get; }
}

/// <summary>Where commands are registered: guild-scoped (instant, for development) or global (production).</summary>
public enum CommandScope
{
    Guild,
    Global,
}
