using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Economy.Commands;

/// <summary>
/// Answers interactions through the shared <see cref="DiscordRestClient"/> (per-route buckets, the
/// global limit shared through Redis), as a CHANNEL_MESSAGE_WITH_SOURCE callback.
/// </summary>
public sealed class RestInteractionResponder(DiscordRestClient rest) : IInteractionResponder
{
    /// <summary>Discord's JSON error code for "Interaction has already been acknowledged".</summary>
    private const int AlreadyAcknowledged = 40060;

    // Mentions render as names but notify nobody (a leaderboard must not ping a hundred people).
    private static readonly AllowedMentions Nobody = new() { Parse = [] };

    public async Task RespondAsync(string interactionId, string interactionToken, InteractionReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        try
        {
            await rest.CreateInteractionResponseAsync(Snowflake.Parse(interactionId), interactionToken, ToResponse(reply), cancellationToken);
        }
        catch (DiscordRestException error) when (error.Code == AlreadyAcknowledged)
        {
            // A redelivered interaction whose first answer did reach Discord: the user has it already.
        }
    }

    public static InteractionResponse ToResponse(InteractionReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData
            {
                Content = reply.Content,
                Embeds = reply.Embeds?.Select(e => new Embed
                {
                    Title = e.Title,
                    Description = e.Description,
                    Color = e.Color,
                    Fields = e.Fields?.Select(f => new EmbedField(f.Name, f.Value, f.Inline)).ToList(),
                }).ToList(),
                Flags = reply.Ephemeral ? MessageFlags.Ephemeral : null,
                AllowedMentions = Nobody,
            },
        };
    }
}
