using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Economy.Commands;

/// <summary>The parts of Discord's interaction object the economy reads (snake_case on the wire).</summary>
public sealed record Interaction(
    string Id,
    string Token,
    int Type,
    string? GuildId,
    InteractionMember? Member,
    DiscordUser? User,
    InteractionData? Data)
{
    public const int ApplicationCommand = 2;

    /// <summary>The invoking user: member.user in a guild, user in a DM.</summary>
    public string? InvokerId => Member?.User?.Id ?? User?.Id;
}

public sealed record InteractionMember(DiscordUser? User, string? Permissions);

public sealed record DiscordUser(string Id, string? Username = null, bool? Bot = null);

public sealed record InteractionData(string Name, int Type, IReadOnlyList<InteractionOption>? Options);

public sealed record InteractionOption(string Name, int Type, JsonElement? Value = null, IReadOnlyList<InteractionOption>? Options = null)
{
    /// <summary>A snowflake (user option: a string) or integer (a JSON number) as a long.</summary>
    public long? AsInt64() => Value switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var value) => value,
        { ValueKind: JsonValueKind.String } text when long.TryParse(text.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };
}
