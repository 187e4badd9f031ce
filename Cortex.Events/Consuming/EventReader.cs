using System.Globalization;
using System.Text.Json;
using Cortex.Events.Contract;
using Cortex.Events.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>
/// The one consumer-group reader: reads one event stream for one group, new entries with XREADGROUP and entries a
/// dead consumer left pending with XAUTOCLAIM once idle for <see cref="EventConsumerOptions.ClaimIdle"/>. Each entry
/// goes to its event's handler once per group (<see cref="HandledEvents"/>), and is acknowledged after the handler
/// returns; a handler that throws leaves it pending for another delivery, and after
/// <see cref="EventConsumerOptions.MaxDeliveries"/> it is parked in the capped dead-letter stream. Entries for events
/// this group has no handler for are acknowledged and left to other groups. StackExchange.Redis multiplexes one
/// connection and cannot block on XREADGROUP, so an idle stream is polled.
/// </summary>
public sealed partial class EventReader(
    IServiceProvider services,
    string stream,
    string group,
    IReadOnlyDictionary<string, EventSubscription> handlers,
    EventConsumerOptions options,
    ILogger<EventReader> logger) : BackgroundService
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);
    private readonly IDatabase _database = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
    private readonly HandledEvents _handled = services.GetRequiredService<HandledEvents>();
    private readonly EventMetrics _metrics = services.GetRequiredService<EventMetrics>();
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();
    private DateTimeOffset _nextClaim = DateTimeOffset.MinValue;
    private bool _groupReady;
    private bool _hadGroup;

    public string Stream => stream;

    public string Group => group;

    /// <summary>The reader of <paramref name="group"/>'s handlers on <paramref name="eventStream"/>, as the host runs it.</summary>
    public static EventReader Create(IServiceProvider services, string group, EventStream eventStream)
    {
        var handlers = services.GetServices<EventSubscription>().Where(s => s.Group == group && s.Stream == eventStream).ToDictionary(s => s.EventName, StringComparer.Ordinal);
        var key = services.GetRequiredService<IOptions<EventStreamOptions>>().Value.KeyOf(eventStream);
        var options = services.GetRequiredService<IOptionsMonitor<EventConsumerOptions>>().Get(group);
        return new EventReader(services, key, group, handlers, options, services.GetRequiredService<ILogger<EventReader>>());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await PollOnceAsync(stoppingToken) == 0)
                {
                    await Task.Delay(options.IdlePoll, _time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis may come back without the group (its data lost): create it again before the next read.
                _groupReady = false;
                LogStreamUnavailable(logger, stream, group, e);
                await Task.Delay(FailurePause, _time, stoppingToken);
            }
        }
    }

    /// <summary>Claims stale entries, reads new ones, handles them; returns how many entries it took.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        await EnsureGroupAsync();
        var entries = await ClaimStaleAsync();
        if (entries.Length < options.BatchSize)
        {
            var fresh = await _database.StreamReadGroupAsync(stream, group, options.Consumer, StreamPosition.NewMessages, options.BatchSize - entries.Length);
            entries = [.. entries, .. fresh.Where(e => !e.IsNull)];
        }

        if (options.MaxConcurrency == 1)
        {
            foreach (var entry in entries)
            {
                await HandleOneAsync(entry, cancellationToken);
            }
        }
        else
        {
            await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency }, (entry, _) => new ValueTask(HandleOneAsync(entry, cancellationToken)));
        }

        return entries.Length;
    }

    private async Task HandleOneAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        if (!handlers.TryGetValue((string?)entry[EventStreams.Fields.Type] ?? "", out var handler))
        {
            await _database.StreamAcknowledgeAsync(stream, group, entry.Id); // another group's event
            return;
        }

        var payload = entry[EventStreams.Fields.Payload];
        if (payload.IsNullOrEmpty || !ulong.TryParse((string?)entry[EventStreams.Fields.Id], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await ParkAsync(entry, new MalformedEntryException(), "no id or payload");
            return;
        }

        var state = await _handled.TryBeginAsync(group, id, options.ClaimIdle);
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
            await _handled.CompleteAsync(group, id, options.RememberHandled);
            await _database.StreamAcknowledgeAsync(stream, group, entry.Id);
            _metrics.Handled(stream, group);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _handled.AbandonAsync(group, id); // shutting down: pending, and free for whoever claims it
        }
        catch (JsonException e)
        {
            await _handled.AbandonAsync(group, id);
            await ParkAsync(entry, e, "its payload does not decode"); // no retry can fix it
        }
        catch (Exception e) when (e is not RedisException)
        {
            await _handled.AbandonAsync(group, id);
            await FailedAsync(entry, e);
        }
    }
}
