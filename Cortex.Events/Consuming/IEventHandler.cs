using Cortex.Discord.Models;

namespace Cortex.Events.Consuming;

/// <summary>
/// Handles one decoded event for one consumer group. Called once per event id per group (the reader's dedupe);
/// throwing leaves the entry pending for a retry, up to the group's <see cref="EventConsumerOptions.MaxDeliveries"/>,
/// after which it goes to the dead letters. A handler whose effect must survive a crash between its effect and the
/// reader's bookkeeping is still idempotent by the event id (money transfers carry it as their key).
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : class
{
    Task HandleAsync(TEvent discordEvent, EventContext context, CancellationToken cancellationToken);
}

/// <summary>Where an event came from: its stream entry, its Discord id, the shard that received it (-1: HTTP).</summary>
public sealed record EventContext(string Stream, string Group, string EntryId, Snowflake EventId, int Shard);
