using Cortex.Ai.Budgets;
using Cortex.Ai.Context;
using Cortex.Ai.Replies;
using Cortex.Commands;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;

namespace Cortex.Ai.Chat;

/// <summary>
/// <c>/ask question</c>: checked against the caller's limit and the guild's quota (a refusal is ephemeral),
/// deferred in public, answered as a follow-up. A failed deferral gives the reserved tokens back.
/// </summary>
public sealed class AskCommand(ChatEngine engine, GuildTokenQuota quota, IDiscordReplies replies) : IAiCommand
{
    public string Name => AiCommandList.Ask;

    public async Task HandleAsync(Interaction interaction, User caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(caller);
        var interactionId = interaction.Id;
        var question = interaction.Data?.Options.Find(AiCommandList.AskQuestion).AsString();
        if (interaction.GuildId is null || interaction.ChannelId is null)
        {
            await replies.RespondEphemeralAsync(interactionId, interaction.Token, "/ask works in a server, where its quota lives.", cancellationToken);
            return;
        }

        if (string.IsNullOrWhiteSpace(question))
        {
            await replies.RespondEphemeralAsync(interactionId, interaction.Token, "/ask needs a question.", cancellationToken);
            return;
        }

        var speaker = interaction.Member?.Nick ?? Persona.DisplayName(caller);
        var request = new ChatRequest("ask", interaction.GuildId.Value, interaction.ChannelId.Value, caller.Id, speaker, interactionId, question);
        var prepared = await engine.PrepareAsync(request, cancellationToken);
        if (prepared.RefusalNotice is not null)
        {
            await replies.RespondEphemeralAsync(interactionId, interaction.Token, prepared.RefusalNotice, cancellationToken);
            return;
        }

        try
        {
            await replies.DeferAsync(interactionId, interaction.Token, ephemeral: false, cancellationToken);
        }
        catch
        {
            await quota.ReleaseAsync(prepared.Reservation!);
            throw;
        }

        var answer = await engine.CompleteAsync(prepared, cancellationToken);
        await replies.FollowUpAsync(interaction.ApplicationId, interaction.Token, answer.Text, ephemeral: false, cancellationToken);
    }
}
