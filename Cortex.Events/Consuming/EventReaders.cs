using Cortex.Events.Contract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cortex.Events.Consuming;

/// <summary>Runs one <see cref="EventReader"/> per consumer group and stream that has handlers registered.</summary>
internal sealed class EventReaders(IServiceProvider services) : IHostedService, IDisposable
{
    private readonly List<EventReader> _readers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pairs = services.GetServices<EventSubscription>().Select(s => (s.Group, s.Stream)).Distinct();
        foreach (var (group, stream) in pairs)
        {
            var reader = EventReader.Create(services, group, stream);
            _readers.Add(reader);
            await reader.StartAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_readers.Select(reader => reader.StopAsync(cancellationToken)));

    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }
    }
}
