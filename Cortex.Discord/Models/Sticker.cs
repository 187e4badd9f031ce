namespace Cortex.Discord.Models;

/// <summary>What a message carries of a sticker.</summary>
public sealed record StickerItem(Snowflake Id, string Name, int FormatType);

public sealed record Sticker
{
    public required Snowflake Id { get; init; }
    public Snowflake? PackId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string Tags { get; init => field = value ?? ""; } = "";
    public int Type { get; init; }
    public int FormatType { get; init; }
    public bool? Available { get; init; }
    public Snowflake? GuildId { get; init; }
    public User? User { get; init; }
    public int? SortValue { get; init; }
}
