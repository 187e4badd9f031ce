using Cortex.Events.Contract;
using Cortex.Events.Streams;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>
/// Runs one <see cref="EventReader"/> per consumer group, stream and partition that has handlers. With partitioned
/// streams each group shares its partitions among its live consumers (<see cref="PartitionShare"/>).
/// </summary>
internal sealed class EventReaders(IServiceProvider services) : IHostedService, IDisposable
{
    private readonly List<EventReader> _readers = [];
    private readonly List<PartitionShare> _shares = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var streams = services.GetRequiredService<IOptions<EventStreamOptions>>().Value;
        foreach (var byGroup in services.GetServices<EventSubscription>().GroupBy(s => s.Group))
        {
            var group = byGroup.Key;
            var kinds = byGroup.Select(s => s.Stream).Distinct().ToArray();
            var share = streams.Partitions == 1 ? null : ShareOf(group, kinds.Length * streams.Partitions, streams);
            foreach (var kind in kinds)
            {
                for (var partition = 0; partition < streams.Partitions; partition++)
                {
                    var reader = EventReader.Create(services, group, kind, partition, share);
                    _readers.Add(reader);
                    await reader.StartAsync(cancellationToken);
                }
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_readers.Select(reader => reader.StopAsync(cancellationToken)));
        foreach (var share in _shares)
        {
            try
            {
                await share.LeaveAsync();
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                // The listing lapses on its own.
            }
        }
    }

    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }
    }

    private PartitionShare ShareOf(string group, int partitions, EventStreamOptions streams)
    {
        var options = services.GetRequiredService<IOptionsMonitor<EventConsumerOptions>>().Get(group);
        var share = new PartitionShare(services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), $"{streams.ConsumersKeyPrefix}:{group}",
            options.Consumer, partitions, options.ClaimIdle, services.GetRequiredService<TimeProvider>());
        _shares.Add(share);
        return share;
    }
}
