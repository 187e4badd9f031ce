using System.Text.Json;

namespace Cortex.Discord.Models;

public enum ApplicationCommandType
{
    ChatInput = 1,
    User = 2,
    Message = 3,
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Discord's names for option types.")]
public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>An application command as Discord stores it, and as a bulk overwrite sends it.</summary>
public sealed record ApplicationCommand
{
    public Snowflake? Id { get; init; }
    public ApplicationCommandType? Type { get; init; }
    public Snowflake? ApplicationId { get; init; }
    public Snowflake? GuildId { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>A permission bit set as a string; "0" hides the command from everyone but administrators.</summary>
    public string? DefaultMemberPermissions { get; init; }

    public bool? Nsfw { get; init; }
    public Snowflake? Version { get; init; }
}

public sealed record ApplicationCommandOption
{
    public required ApplicationCommandOptionType Type { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public bool? Required { get; init; }
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
    public double? MinValue { get; init; }
    public double? MaxValue { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
}

public sealed record ApplicationCommandOptionChoice(string Name, JsonElement Value);

public sealed record Application
{
    public required Snowflake Id { get; init; }
    public required string Name { get; init; }
    public string? VerifyKey { get; init; }
}
