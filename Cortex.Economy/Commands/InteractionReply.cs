namespace Cortex.Economy.Commands;

/// <summary>What the bot answers to one interaction. Ephemeral replies are seen only by the invoker.</summary>
public sealed record InteractionReply(string? Content, IReadOnlyList<ReplyEmbed>? Embeds = null, bool Ephemeral = false)
{
    public static InteractionReply Private(string content) => new(content, Ephemeral: true);
}

/// <summary>An embed in a reply (mapped to Discord's embed when sent).</summary>
public sealed record ReplyEmbed(string? Title = null, string? Description = null, int? Color = null, IReadOnlyList<ReplyEmbedField>? Fields = null);

public sealed record ReplyEmbedField(string Name, string Value, bool Inline = false);
