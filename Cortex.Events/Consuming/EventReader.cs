using Cortex.Events.Contract;
using Cortex.Events.Streams;
using Cortex.ServiceDefaults.Redis;
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
/// A partitioned stream (<see cref="EventPartitions"/>) is read by one consumer of the group at a time
/// (<see cref="PartitionLease"/>), and a batch is handed over in lanes, one per guild: a guild's entries one after
/// another in stream order, different guilds in parallel up to <see cref="EventConsumerOptions.MaxConcurrency"/>.
/// </summary>
public sealed partial class EventReader(
    IServiceProvider services,
    string stream,
    string group,
    IReadOnlyDictionary<string, EventSubscription> handlers,
    EventConsumerOptions options,
    ILogger<EventReader> logger,
    PartitionLease? lease = null) : BackgroundService
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);
    private readonly IDatabase _database = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
    private readonly HandledEvents _handled = services.GetRequiredService<HandledEvents>();
    private readonly EventMetrics _metrics = services.GetRequiredService<EventMetrics>();
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();
    private GroupStream? _group;

    private GroupStream Queue => _group ??= new GroupStream(_database, stream, group, options.Consumer, options.ClaimIdle, options.ClaimInterval, _time);

    public string Stream => stream;

    public string Group => group;

    /// <summary>The reader of <paramref name="group"/>'s handlers on partition 0 of <paramref name="eventStream"/>, unleased (tests, tools).</summary>
    public static EventReader Create(IServiceProvider services, string group, EventStream eventStream) =>
        Create(services, group, eventStream, 0, null);

    /// <summary>The reader of one partition, as the host runs it; <paramref name="share"/> is null when the stream is not split.</summary>
    internal static EventReader Create(IServiceProvider services, string group, EventStream eventStream, int partition, PartitionShare? share)
    {
        var handlers = services.GetServices<EventSubscription>().Where(s => s.Group == group && s.Stream == eventStream).ToDictionary(s => s.EventName, StringComparer.Ordinal);
        var streams = services.GetRequiredService<IOptions<EventStreamOptions>>().Value;
        var key = EventPartitions.StreamOf(streams.KeyOf(eventStream), partition, streams.Partitions);
        var options = services.GetRequiredService<IOptionsMonitor<EventConsumerOptions>>().Get(group);
        var lease = share is null ? null : new PartitionLease(services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(),
            EventStreams.SameSlot(key, "owner:" + group), options.Consumer, options.ClaimIdle, share, services.GetRequiredService<TimeProvider>());
        return new EventReader(services, key, group, handlers, options, services.GetRequiredService<ILogger<EventReader>>(), lease);
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
            catch (Exception e) when (e.IsRedisFailure())
            {
                // Redis may come back without the group (its data lost): create it again before the next read.
                Queue.GroupMayBeGone();
                LogStreamUnavailable(logger, stream, group, e);
                await Task.Delay(FailurePause, _time, stoppingToken);
            }
        }
    }

    /// <summary>Claims stale entries, reads new ones, handles them; returns how many entries it took.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        // Every consumer creates the group on every partition, held or not: one nobody holds yet still keeps its events.
        // "$": a new group starts with new events (an old mention must not get a sudden answer, an old interaction is
        // past Discord's window).
        await Queue.EnsureGroupAsync(fromStart: false);
        if (lease is not null)
        {
            var held = await lease.HoldAsync();
            if (held == LeaseState.NotHeld)
            {
                return 0;
            }

            if (held == LeaseState.Taken)
            {
                // Whatever the previous owner left pending is older than anything unread: handle it first, in order.
                Queue.ClaimEverythingNext();
            }
        }

        var (entries, claimed) = await Queue.TakeAsync(options.BatchSize);
        if (claimed > 0)
        {
            _metrics.Claimed(stream, group, claimed);
        }

        if (options.MaxConcurrency == 1)
        {
            foreach (var entry in entries.TakeWhile(_ => !cancellationToken.IsCancellationRequested))
            {
                await HandleOneAsync(entry, cancellationToken);
            }
        }
        else
        {
            await Parallel.ForEachAsync(Lanes(entries), new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency }, async (lane, _) =>
            {
                // Stopping: the rest of the lane stays pending, for whoever claims it, behind the entry cut short.
                foreach (var entry in lane.TakeWhile(_ => !cancellationToken.IsCancellationRequested))
                {
                    await HandleOneAsync(entry, cancellationToken);
                }
            });
        }

        return entries.Length;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (lease is not null)
        {
            try
            {
                await lease.ReleaseAsync();
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                // It lapses on its own after ClaimIdle.
            }
        }
    }
}
