namespace Cortex.Discord.Models;

public sealed record Embed
{
    public string? Title { get; init; }
    public string? Type { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public int? Color { get; init; }
    public EmbedFooter? Footer { get; init; }
    public EmbedMedia? Image { get; init; }
    public EmbedMedia? Thumbnail { get; init; }
    public EmbedMedia? Video { get; init; }
    public EmbedProvider? Provider { get; init; }
    public EmbedAuthor? Author { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }
}

public sealed record EmbedFooter(string Text)
{
    public string? IconUrl { get; init; }
    public string? ProxyIconUrl { get; init; }
}

public sealed record EmbedAuthor(string Name)
{
    public string? Url { get; init; }
    public string? IconUrl { get; init; }
    public string? ProxyIconUrl { get; init; }
}

/// <summary>An embed's image, thumbnail or video: the same fields in Discord's documentation.</summary>
public sealed record EmbedMedia
{
    public string? Url { get; init; }
    public string? ProxyUrl { get; init; }
    public int? Height { get; init; }
    public int? Width { get; init; }
}

public sealed record EmbedProvider
{
    public string? Name { get; init; }
    public string? Url { get; init; }
}

public sealed record EmbedField(string Name, string Value, bool? Inline = null);
