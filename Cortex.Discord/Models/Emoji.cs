namespace Cortex.Discord.Models;

/// <summary>A custom emoji (with an id) or a Unicode one (id null, name the character).</summary>
public sealed record Emoji
{
    public Snowflake? Id { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<Snowflake>? Roles { get; init; }
    public User? User { get; init; }
    public bool? RequireColons { get; init; }
    public bool? Managed { get; init; }
    public bool? Animated { get; init; }
    public bool? Available { get; init; }
}
