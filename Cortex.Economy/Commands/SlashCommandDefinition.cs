namespace Cortex.Economy.Commands;

/// <summary>Discord's application command option types used here.</summary>
#pragma warning disable CA1720 // The member names are Discord's (STRING, INTEGER).
public enum CommandOptionType
{
    SubCommand = 1,
    String = 3,
    Integer = 4,
    User = 6,
}
#pragma warning restore CA1720

/// <summary>One option of a slash command, in the shape Discord's registration endpoint takes.</summary>
public sealed record CommandOptionDefinition(
    string Name,
    string Description,
    CommandOptionType Type,
    bool Required = false,
    long? MinValue = null,
    long? MaxValue = null,
    IReadOnlyList<CommandOptionDefinition>? Options = null);

/// <summary>
/// One slash command as it will be registered with Discord (<c>PUT /applications/{id}/commands</c>).
/// <see cref="DefaultMemberPermissions"/> is Discord's decimal bitfield string; null lets everyone use it.
/// </summary>
public sealed record SlashCommandDefinition(
    string Name,
    string Description,
    IReadOnlyList<CommandOptionDefinition> Options,
    string? DefaultMemberPermissions = null)
{
    /// <summary>Interaction contexts (0 = guild): the economy exists per server, so not in DMs.</summary>
    public IReadOnlyList<int> Contexts { get; init; } = [0];
}
