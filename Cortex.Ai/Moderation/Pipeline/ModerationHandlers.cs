using Cortex.Ai.Moderation.Commands;
using Cortex.Discord.Models;
using Cortex.Events.Consuming;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// MESSAGE_CREATE in moderation's own consumer group (<see cref="Group"/>): stage 1 runs inline; chat's group reads
/// the same stream independently, so neither waits behind the other.
/// </summary>
public sealed class ModerationMessageHandler(ModerationPipeline pipeline) : IEventHandler<Message>
{
    public const string Group = "cortex-moderation";

    public Task HandleAsync(Message discordEvent, EventContext context, CancellationToken cancellationToken) =>
        pipeline.ScreenAsync(discordEvent, cancellationToken);
}

/// <summary>INTERACTION_CREATE in moderation's group: <c>/review</c> and <c>/appeal</c>; other commands are someone else's.</summary>
public sealed class ModerationInteractionHandler(ModerationCommands commands) : IEventHandler<Interaction>
{
    public Task HandleAsync(Interaction discordEvent, EventContext context, CancellationToken cancellationToken) =>
        commands.HandleAsync(discordEvent, cancellationToken);
}
