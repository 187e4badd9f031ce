using Cortex.Discord.Models;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>A message under moderation, with its ids as numbers.</summary>
public sealed record ModerationSubject(ulong GuildId, ulong ChannelId, ulong MessageId, ulong UserId, string Content)
{
    /// <summary>Messages moderation looks at: in a guild, from a person, with text.</summary>
    public static bool IsModeratable(Message message) =>
        message is { GuildId: not null, Author.Bot: not true, WebhookId: null } && !string.IsNullOrWhiteSpace(message.Content);

    public static ModerationSubject From(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.GuildId!.Value.Value, message.ChannelId.Value, message.Id.Value, message.Author.Id.Value, message.Content);
    }
}
