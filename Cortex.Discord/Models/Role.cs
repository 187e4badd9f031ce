namespace Cortex.Discord.Models;

public sealed record Role
{
    public required Snowflake Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The permission bit set as a decimal string (<see cref="Permissions"/>).</summary>
    public required string Permissions { get; init; }

    public int Position { get; init; }
    public int Color { get; init; }

    /// <summary>Held by an integration (a bot's own role, the booster role): nobody can give it out.</summary>
    public bool Managed { get; init; }
}
