using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Events.Streams;
using Cortex.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Cortex.Events.Consuming;

public sealed partial class EventReader
{
    /// <summary>
    /// The batch split by guild, each lane in stream order (claimed entries, the older, come first). A lane's entries go
    /// to the handler one after another; lanes run in parallel. A failed entry does not hold its lane up: it is retried
    /// after ClaimIdle, behind the entries that followed it (docs/events.md, Order).
    /// </summary>
    internal static IEnumerable<StreamEntry[]> Lanes(StreamEntry[] entries) =>
        entries.GroupBy(GuildOf).Select(lane => lane.ToArray());

    /// <summary>
    /// What this group remembers as handled: the event's Discord id, or for events without one (GUILD_*) this entry of
    /// this partition (entry ids are unique within one stream key only, so the key is part of it).
    /// </summary>
    private string DedupeKey(EventSubscription handler, StreamEntry entry, Snowflake id) => handler.Dedupe == Contract.EventDedupe.ByEntry
        ? stream + "/" + entry.Id.ToString()
        : id.ToString();

    private static Snowflake GuildOf(StreamEntry entry) =>
        Snowflake.TryParse((string?)entry[EventStreams.Fields.Guild], out var guild) ? guild : default;

    private async Task HandleOneAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        if (!handlers.TryGetValue((string?)entry[EventStreams.Fields.Type] ?? "", out var handler))
        {
            await _database.StreamAcknowledgeAsync(stream, group, entry.Id); // another group's event
            return;
        }

        var payload = entry[EventStreams.Fields.Payload];
        if (payload.IsNullOrEmpty || !Snowflake.TryParse((string?)entry[EventStreams.Fields.Id], out var id))
        {
            await ParkAsync(entry, new MalformedEntryException(), "no id or payload");
            return;
        }

        var key = DedupeKey(handler, entry, id);
        var state = await _handled.TryBeginAsync(group, key, options.ClaimIdle);
        if (state != HandleState.Begun)
        {
            // Done: a redelivery, acknowledged. Busy: another consumer is on it; left pending, claimed after its lease.
            if (state == HandleState.AlreadyDone)
            {
                _metrics.Duplicate(stream, group);
                await _database.StreamAcknowledgeAsync(stream, group, entry.Id);
            }

            return;
        }

        var shard = int.TryParse((string?)entry[EventStreams.Fields.Shard], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : -1;
        var context = new EventContext(stream, group, entry.Id.ToString(), id, shard);
        try
        {
            await handler.HandleAsync(services, (byte[])payload!, context, cancellationToken);
            await _handled.CompleteAsync(group, key, options.RememberHandled);
            await _database.StreamAcknowledgeAsync(stream, group, entry.Id);
            _metrics.Handled(stream, group);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _handled.AbandonAsync(group, key); // shutting down: pending, and free for whoever claims it
        }
        catch (JsonException e)
        {
            await _handled.AbandonAsync(group, key);
            await ParkAsync(entry, e, "its payload does not decode"); // no retry can fix it
        }
        catch (Exception e) when (!e.IsRedisFailure())
        {
            await _handled.AbandonAsync(group, key);
            await FailedAsync(entry, e);
        }
    }
}
