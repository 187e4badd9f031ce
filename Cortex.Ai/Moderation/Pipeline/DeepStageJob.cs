namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>A message waiting for stages 2–3; <see cref="Attempt"/> counts the failed tries so far.</summary>
public sealed record DeepStageJob(ulong GuildId, ulong ChannelId, ulong MessageId, ulong UserId, string Content, int Attempt = 0, string? LastError = null)
{
    public ModerationSubject Subject => new(GuildId, ChannelId, MessageId, UserId, Content);

    public static DeepStageJob For(ModerationSubject message) => new(message.GuildId, message.ChannelId, message.MessageId, message.UserId, message.Content);
}
