using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Emulator.Rest;

/// <summary>Turns option values typed as text into the typed options of an interaction, by the command's definition.</summary>
public static class ChatCommandOptions
{
    public static IReadOnlyList<InteractionDataOption> Parse(ApplicationCommand command, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        var options = new List<InteractionDataOption>();
        foreach (var (name, text) in values)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var definition = command.Options?.FirstOrDefault(o => o.Name == name)
                ?? throw RestException.InvalidFormBody($"options.{name}: Unknown option");
            options.Add(new InteractionDataOption { Name = name, Type = definition.Type, Value = ValueOf(definition, text.Trim()) });
        }

        return options;
    }

    private static JsonElement ValueOf(ApplicationCommandOption definition, string text)
    {
        string json = definition.Type switch
        {
            ApplicationCommandOptionType.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => integer.ToString(CultureInfo.InvariantCulture),
            ApplicationCommandOptionType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number.ToString("R", CultureInfo.InvariantCulture),
            ApplicationCommandOptionType.Boolean when bool.TryParse(text, out var flag) => flag ? "true" : "false",
            ApplicationCommandOptionType.User or ApplicationCommandOptionType.Channel or ApplicationCommandOptionType.Role or ApplicationCommandOptionType.Mentionable
                when ulong.TryParse(text.Trim('<', '>', '@', '!', '#', '&'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) => JsonSerializer.Serialize(id.ToString(CultureInfo.InvariantCulture), EmulatorRestJsonContext.Default.String),
            ApplicationCommandOptionType.String => JsonSerializer.Serialize(text, EmulatorRestJsonContext.Default.String),
            _ => throw RestException.InvalidFormBody($"options.{definition.Name}: \"{text}\" is not a valid {definition.Type}"),
        };
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
