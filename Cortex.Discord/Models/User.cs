namespace Cortex.Discord.Models;

public sealed record User
{
    public required Snowflake Id { get; init; }
    public required string Username { get; init; }
    public string Discriminator { get; init; } = "0";
    public string? GlobalName { get; init; }
    public string? Avatar { get; init; }
    public bool? Bot { get; init; }
}
