namespace Cortex.Discord.Models;

public sealed record Guild
{
    public required Snowflake Id { get; init; }
    public required string Name { get; init; }
    public Snowflake OwnerId { get; init; }
    public IReadOnlyList<Role> Roles { get; init; } = [];
}

public sealed record Channel
{
    public required Snowflake Id { get; init; }
    public ChannelType Type { get; init; }
    public Snowflake? GuildId { get; init; }
    public string? Name { get; init; }
    public int? Position { get; init; }

    /// <summary>The category a guild channel sits in.</summary>
    public Snowflake? ParentId { get; init; }
}

public enum ChannelType
{
    GuildText = 0,
    DirectMessage = 1,
    GuildVoice = 2,
    GuildCategory = 4,
}

public sealed record Ban
{
    public string? Reason { get; init; }
    public required User User { get; init; }
}
