using Cortex.Discord.Models;

namespace Cortex.Commands;

/// <summary>Short constructors for options, so the command lists read like a table.</summary>
internal static class CommandOptions
{
    public static ApplicationCommandOption SubCommand(string name, string description, params ApplicationCommandOption[] options) =>
        new() { Type = ApplicationCommandOptionType.SubCommand, Name = name, Description = description, Options = options.Length > 0 ? options : null };

    public static ApplicationCommandOption User(string name, string description, bool required = false) =>
        new() { Type = ApplicationCommandOptionType.User, Name = name, Description = description, Required = required ? true : null };

    public static ApplicationCommandOption Role(string name, string description, bool required = false) =>
        new() { Type = ApplicationCommandOptionType.Role, Name = name, Description = description, Required = required ? true : null };

    public static ApplicationCommandOption Channel(string name, string description, bool required = false) =>
        new() { Type = ApplicationCommandOptionType.Channel, Name = name, Description = description, Required = required ? true : null };

    public static ApplicationCommandOption Text(string name, string description, bool required = false, int? maxLength = null) =>
        new() { Type = ApplicationCommandOptionType.String, Name = name, Description = description, Required = required ? true : null, MaxLength = maxLength };

    public static ApplicationCommandOption Integer(string name, string description, bool required = false, long? min = null, long? max = null) =>
        new() { Type = ApplicationCommandOptionType.Integer, Name = name, Description = description, Required = required ? true : null, MinValue = min, MaxValue = max };
}
