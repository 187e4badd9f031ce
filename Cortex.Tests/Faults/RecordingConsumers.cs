using System.Collections.Concurrent;
using Cortex.Events.Streams;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Cortex.Tests.Faults;

/// <summary>
/// The two consumer-group readers the services use (the AI worker's and the economy's), unchanged,
/// with a handler that only records the event ids it was given: what a fault test needs to see
/// whether every routed event reached a consumer.
/// </summary>
internal interface IRecordingConsumer
{
    ConcurrentDictionary<string, int> Seen { get; }
}

internal sealed class RecordingAiConsumer(IConnectionMultiplexer redis, string stream, string group)
    : Cortex.Ai.Streams.StreamConsumer(
        redis,
        new Cortex.Ai.Streams.StreamConsumerOptions(stream, group, 16, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200)),
        TimeProvider.System,
        NullLogger.Instance),
    IRecordingConsumer
{
    public ConcurrentDictionary<string, int> Seen { get; } = new();

    protected override Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        Seen.AddOrUpdate(entry[EventStreams.Fields.Id]!, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}

internal sealed class RecordingEconomyConsumer(IConnectionMultiplexer redis, string stream, string group)
    : Cortex.Economy.Streams.GroupStreamConsumer(
        redis,
        new Cortex.Economy.Streams.StreamConsumerOptions { Stream = stream, Group = group, ReclaimAfter = TimeSpan.FromSeconds(1) },
        TimeProvider.System,
        NullLogger.Instance),
    IRecordingConsumer
{
    public ConcurrentDictionary<string, int> Seen { get; } = new();

    protected override Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        Seen.AddOrUpdate(entry[EventStreams.Fields.Id]!, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}

internal static class ConsumerGroups
{
    /// <summary>How many consumer groups read <paramref name="stream"/>; 0 before it exists.</summary>
    public static async Task<int> CountAsync(IDatabase database, string stream)
    {
        try
        {
            return (await database.StreamGroupInfoAsync(stream)).Length;
        }
        catch (RedisServerException)
        {
            return 0;
        }
    }
}
