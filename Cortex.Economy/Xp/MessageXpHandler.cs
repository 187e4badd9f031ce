using Cortex.Discord.Models;
using Cortex.Economy.Storage;
using Cortex.Events.Consuming;

namespace Cortex.Economy.Xp;

/// <summary>
/// Grants XP for chat messages (consumer group <c>economy</c>). Bots, webhooks and DMs earn nothing. A redelivered
/// message is harmless: the per-member cooldown already covers it.
/// </summary>
public sealed class MessageXpHandler(XpService xp) : IEventHandler<Message>
{
    public async Task HandleAsync(Message message, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is not { GuildId: { } guild, Author.Bot: not true, WebhookId: null } || !guild.FitsBigint() || !message.Author.Id.FitsBigint())
        {
            return;
        }

        await xp.GrantForMessageAsync(guild.ToBigint(), message.Author.Id.ToBigint(), cancellationToken);
    }
}
