using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Discord.Interactions;

/// <summary>
/// Reads slash-command option values as Discord sends them: integers as JSON numbers, snowflakes (user,
/// channel, role options) as strings. A missing or mistyped option reads as null, so callers answer
/// with a clear message instead of throwing.
/// </summary>
public static class CommandOptionValues
{
    public static InteractionDataOption? Find(this IReadOnlyList<InteractionDataOption>? options, string name) =>
        options?.FirstOrDefault(option => option.Name == name);

    /// <summary>The first option of the given type (e.g. the one user option of a command).</summary>
    public static InteractionDataOption? FirstOfType(this IReadOnlyList<InteractionDataOption>? options, ApplicationCommandOptionType type) =>
        options?.FirstOrDefault(option => option.Type == type);

    /// <summary>An integer option, or a snowflake sent as a string, as a signed 64-bit value.</summary>
    public static long? AsInt64(this InteractionDataOption? option) => option?.Value switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var value) => value,
        { ValueKind: JsonValueKind.String } text when long.TryParse(text.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };

    /// <summary>A user, channel, role or mentionable option: a snowflake sent as a string (0 and non-digits read as null).</summary>
    public static Snowflake? AsSnowflake(this InteractionDataOption? option) =>
        option?.Value is { ValueKind: JsonValueKind.String } text && Snowflake.TryParse(text.GetString(), out var id) && id.Value != 0 ? id : null;

    public static string? AsString(this InteractionDataOption? option) =>
        option?.Value is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;
}
