namespace Cortex.Economy.Commands;

/// <summary>Body of <c>POST /interactions/{id}/{token}/callback</c>.</summary>
public sealed record InteractionCallback(int Type, InteractionCallbackData Data)
{
    /// <summary>CHANNEL_MESSAGE_WITH_SOURCE: answer with a message.</summary>
    public const int ChannelMessageWithSource = 4;

    /// <summary>Message flag EPHEMERAL.</summary>
    public const int EphemeralFlag = 1 << 6;

    public static InteractionCallback From(InteractionReply reply) => new(
        ChannelMessageWithSource,
        new InteractionCallbackData(reply.Content, reply.Embeds, reply.Ephemeral ? EphemeralFlag : null, new AllowedMentions([])));
}

public sealed record InteractionCallbackData(string? Content, IReadOnlyList<Embed>? Embeds, int? Flags, AllowedMentions AllowedMentions);

/// <summary>Mentions render as names but notify nobody (a leaderboard must not ping a hundred people).</summary>
public sealed record AllowedMentions(IReadOnlyList<string> Parse);
