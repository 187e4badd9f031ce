namespace Cortex.Discord.Models;

public sealed record Attachment
{
    public required Snowflake Id { get; init; }
    public string Filename { get; init => field = value ?? ""; } = "";
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? ContentType { get; init; }
    public int Size { get; init; }
    public string Url { get; init => field = value ?? ""; } = "";
    public string ProxyUrl { get; init => field = value ?? ""; } = "";
    public int? Height { get; init; }
    public int? Width { get; init; }
    public bool? Ephemeral { get; init; }
    public double? DurationSecs { get; init; }
    public string? Waveform { get; init; }
    public int? Flags { get; init; }
}
