using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Economy.Commands;

/// <summary>
/// Answers interactions through the shared <see cref="DiscordRestClient"/> (per-route buckets, the
/// global limit shared through Redis): a CHANNEL_MESSAGE_WITH_SOURCE callback when the command was
/// quick, otherwise a deferral finished by editing the original response.
/// </summary>
public sealed class RestInteractionResponder(DiscordRestClient rest) : IInteractionResponder
{
    /// <summary>Discord's JSON error code for "Interaction has already been acknowledged".</summary>
    private const int AlreadyAcknowledged = 40060;

    // Mentions render as names but notify nobody (a leaderboard must not ping a hundred people).
    private static readonly AllowedMentions Nobody = new() { Parse = [] };

    public async Task<bool> DeferAsync(Interaction interaction, bool ephemeral, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        try
        {
            await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse
            {
                Type = InteractionCallbackType.DeferredChannelMessageWithSource,
                Data = ephemeral ? new InteractionCallbackData { Flags = MessageFlags.Ephemeral } : null,
            }, cancellationToken);
            return true;
        }
        catch (DiscordRestException error) when (error.Code == AlreadyAcknowledged)
        {
            return false;
        }
    }

    public async Task RespondAsync(Interaction interaction, InteractionReply reply, bool? deferredEphemeral, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(reply);
        if (deferredEphemeral is null)
        {
            try
            {
                await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, ToResponse(reply), cancellationToken);
                return;
            }
            catch (DiscordRestException error) when (error.Code == AlreadyAcknowledged)
            {
                // A redelivery: the first delivery answered or deferred it. Editing the original
                // finishes a deferral left "thinking…" by a crash and rewrites an answered one with the
                // same text (the handler replays the first result by the interaction id).
            }
        }
        else if (reply.Ephemeral && deferredEphemeral == false)
        {
            // The public "thinking…" cannot turn private: say it privately and take the public one away.
            await rest.CreateFollowupAsync(interaction.ApplicationId, interaction.Token, new CreateMessageRequest
            {
                Content = reply.Content,
                Embeds = Embeds(reply),
                AllowedMentions = Nobody,
                Flags = MessageFlags.Ephemeral,
            }, cancellationToken);
            await rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, cancellationToken);
            return;
        }

        await rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, new EditMessageRequest
        {
            Content = reply.Content,
            Embeds = Embeds(reply),
            AllowedMentions = Nobody,
        }, cancellationToken);
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
                Embeds = Embeds(reply),
                Flags = reply.Ephemeral ? MessageFlags.Ephemeral : null,
                AllowedMentions = Nobody,
            },
        };
    }

    private static List<Embed>? Embeds(InteractionReply reply) => reply.Embeds?.Select(e => new Embed
    {
        Title = e.Title,
        Description = e.Description,
        Color = e.Color,
        Fields = e.Fields?.Select(f => new EmbedField(f.Name, f.Value, f.Inline)).ToList(),
    }).ToList();
}
