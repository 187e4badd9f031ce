namespace Cortex.Economy.Commands;

/// <summary>What the bot answers to one interaction. Ephemeral replies are seen only by the invoker.</summary>
public sealed record InteractionReply(string? Content, IReadOnlyList<Embed>? Embeds = null, bool Ephemeral = false)
{
    public static InteractionReply Private(string content) => new(content, Ephemeral: true);
}

public sealed record Embed(string? Title = null, string? Description = null, int? Color = null, IReadOnlyList<EmbedField>? Fields = null);

public sealed record EmbedField(string Name, string Value, bool Inline = false);
