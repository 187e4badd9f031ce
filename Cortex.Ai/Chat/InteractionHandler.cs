using System.Globalization;
using System.Text;
using System.Text.Json;
using Cortex.Ai.Budgets;
using Cortex.Ai.Context;
using Cortex.Ai.Discord;
using Cortex.Ai.Guilds;
using Cortex.Ai.Memory;
using Cortex.Commands;
using Cortex.Discord.Models;
using Cortex.Events.Consuming;

namespace Cortex.Ai.Chat;

/// <summary>
/// The AI's slash commands: <c>/ask question</c> (checked, deferred, answered as a follow-up) and
/// <c>/memory show|forget</c> and <c>/ai-settings</c> (ephemeral). Other commands belong to other
/// services and are ignored.
/// </summary>
public sealed class InteractionHandler(ChatEngine engine, GuildTokenQuota quota, MemoryStore memories, GuildSettingsCommand settings, IDiscordReplies replies)
    : IEventHandler<Interaction>
{
    Task IEventHandler<Interaction>.HandleAsync(Interaction discordEvent, EventContext context, CancellationToken cancellationToken) =>
        HandleAsync(discordEvent, cancellationToken);

    public async Task HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Type != InteractionType.ApplicationCommand || interaction.Data is null || interaction.Invoker is null)
        {
            return;
        }

        switch (interaction.Data.Name)
        {
            case AiCommandList.Ask:
                await AskAsync(interaction, interaction.Invoker, cancellationToken);
                break;
            case AiCommandList.Memory:
                await MemoryAsync(interaction, interaction.Invoker, cancellationToken);
                break;
            case AiCommandList.Settings:
                await SettingsAsync(interaction, cancellationToken);
                break;
        }
    }

    private async Task SettingsAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var text = interaction.GuildId is null
            ? "/ai-settings works in a server."
            : await settings.HandleAsync(interaction.GuildId.Value.Value, interaction.Member, interaction.Data!.Options, cancellationToken);
        await replies.RespondEphemeralAsync(interaction.Id.Value, interaction.Token, text, cancellationToken);
    }

    private async Task AskAsync(Interaction interaction, User caller, CancellationToken cancellationToken)
    {
        var interactionId = interaction.Id.Value;
        var question = StringOption(interaction.Data!.Options, AiCommandList.AskQuestion);
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
        var request = new ChatRequest("ask", interaction.GuildId.Value.Value, interaction.ChannelId.Value.Value, caller.Id.Value, speaker, interactionId, question);
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
        await replies.FollowUpAsync(interaction.ApplicationId.Value, interaction.Token, answer.Text, ephemeral: false, cancellationToken);
    }

    private async Task MemoryAsync(Interaction interaction, User caller, CancellationToken cancellationToken)
    {
        var interactionId = interaction.Id.Value;
        var userId = caller.Id.Value;
        var subcommand = interaction.Data!.Options is [var first, ..] ? first.Name : "";
        var text = subcommand switch
        {
            AiCommandList.MemoryShow => Render(await memories.AllAsync(userId, cancellationToken)),
            AiCommandList.MemoryForget => await memories.ForgetAsync(userId, cancellationToken) switch
            {
                0 => "I had nothing remembered about you.",
                1 => "Forgotten: the one fact I remembered about you.",
                var n => $"Forgotten: all {n} facts I remembered about you.",
            },
            _ => "Use /memory show or /memory forget.",
        };
        await replies.RespondEphemeralAsync(interactionId, interaction.Token, text, cancellationToken);
    }

    private static string Render(IReadOnlyList<MemoryFact> facts)
    {
        if (facts.Count == 0)
        {
            return "I remember nothing about you.";
        }

        var text = new StringBuilder("What I remember about you (heaviest first; /memory forget erases it all):\n");
        foreach (var fact in facts)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {fact.Fact} (weight {fact.Weight:0.#})\n");
        }

        return text.ToString();
    }

    private static string? StringOption(IReadOnlyList<InteractionDataOption>? options, string name) =>
        options?.FirstOrDefault(o => o.Name == name)?.Value is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
