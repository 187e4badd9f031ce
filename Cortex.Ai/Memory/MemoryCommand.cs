using System.Globalization;
using System.Text;
using Cortex.Ai.Chat;
using Cortex.Ai.Replies;
using Cortex.Commands;
using Cortex.Discord.Models;

namespace Cortex.Ai.Memory;

/// <summary><c>/memory show|forget</c>: what Cortex remembers about the caller, shown or erased, only to them.</summary>
public sealed class MemoryCommand(MemoryStore memories, IDiscordReplies replies) : IAiCommand
{
    public string Name => AiCommandList.Memory;

    public async Task HandleAsync(Interaction interaction, User caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(caller);
        var interactionId = interaction.Id;
        var userId = caller.Id;
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
}
