using Cortex.Ai.Moderation.Commands;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Streams;
using Cortex.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamConsumer = Cortex.Ai.Streams.StreamConsumer;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// MESSAGE_CREATE through moderation's own consumer group: stage 1 runs inline, once per message
/// id; chat's group reads the same stream independently, so neither waits for the other.
/// </summary>
public sealed class ModerationMessageConsumer(
    IConnectionMultiplexer redis, IOptions<AiStreamOptions> streams, IOptions<ModerationOptions> options, EventGate gate,
    ModerationPipeline pipeline, TimeProvider time, ILogger<ModerationMessageConsumer> logger)
    : StreamConsumer(redis, streams.Value.For(streams.Value.MessagesStream) with { Group = options.Value.Group }, time, logger)
{
    protected override Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken) =>
        GatedEvent.HandleAsync(entry, "moderation-message", gate, ModerationJson.Default.ModeratedMessage,
            (message, token) => pipeline.ScreenAsync(message, token), cancellationToken);
}

/// <summary>INTERACTION_CREATE through moderation's group: <c>/review</c> and <c>/appeal</c>; other commands are someone else's.</summary>
public sealed class ModerationInteractionConsumer(
    IConnectionMultiplexer redis, IOptions<AiStreamOptions> streams, IOptions<ModerationOptions> options, EventGate gate,
    ModerationCommands commands, TimeProvider time, ILogger<ModerationInteractionConsumer> logger)
    : StreamConsumer(redis, streams.Value.For(streams.Value.InteractionsStream) with { Group = options.Value.Group }, time, logger)
{
    protected override Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken) =>
        GatedEvent.HandleAsync(entry, "moderation-interaction", gate, DiscordJsonContext.Default.Interaction, commands.HandleAsync, cancellationToken);
}
