using System.Diagnostics.Metrics;
using System.Text;
using Cortex.Events.Consuming;
using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Routing;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Tests.Gateway.Routing;

/// <summary>
/// With partitioned streams the gateway's trimmer walks every partition of both streams: each is trimmed below what its
/// groups acknowledged, each dead-letter stream is capped, and the gauges report each partition on its own.
/// Misconfigured partitions fail at start with the setting's name.
/// </summary>
public sealed class PartitionedTrimTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Every_partition_is_trimmed_its_dead_letters_capped_and_its_length_reported()
    {
        var options = new GatewayOptions
        {
            ReplicaId = "ptrim",
            KeyPrefix = "ptrim:",
            MessagesStream = "ptrim:messages",
            InteractionsStream = "ptrim:interactions",
            StreamPartitions = 3,
            StreamRetention = TimeSpan.Zero,
            StreamTrimInterval = TimeSpan.FromMilliseconds(100),
            DeadLetterMaxLength = 100,
        };
        options.ResolveReplicaId();
        var partitions = EventPartitions.All(options.MessagesStream, 3).ToList();
        var db = _redis.Database;
        foreach (var stream in partitions)
        {
            await db.StreamCreateConsumerGroupAsync(stream, "g", "0-0", createStream: true);
        }

        await db.StreamCreateConsumerGroupAsync(EventPartitions.StreamOf(options.InteractionsStream, 2, 3), "g", "0-0", createStream: true);
        await db.StringSetAsync("ptrim:lease:{0}", "ptrim");
        var router = new StreamRouter(_redis.Connection, new GatewayKeys(options.KeyPrefix), Options.Create(options));
        var guilds = Enumerable.Range(0, 30).Select(i => 1_100_000_000_000_000_000UL + ((ulong)i << 22)).ToList();
        await router.RouteAsync(new RouteBatch(0, 1, "s", new Uri("ws://127.0.0.1:1/"), DateTimeOffset.UtcNow),
            [.. guilds.Select((guild, i) => new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", i + 1, (ulong)(i + 1), Encoding.UTF8.GetBytes("{}"), guild))], guilds.Count);
        foreach (var stream in partitions)
        {
            var read = await db.StreamReadGroupAsync(stream, "g", "c", ">", 100);
            Assert.NotEmpty(read);
            await db.StreamAcknowledgeAsync(stream, "g", [.. read.Select(e => e.Id)]);
        }

        for (var i = 0; i < 150; i++)
        {
            await db.StreamAddAsync(partitions[1] + ":dead", "id", i);
        }

        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var lengths = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "cortex.gateway.stream.length")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (lengths)
            {
                lengths[(string)tags[0].Value!] = value;
            }
        });
        listener.Start();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var service = new StreamTrimService(new StreamTrimmer(_redis.Connection), _redis.Connection, new StreamMetrics(meters), Options.Create(options), NullLogger<StreamTrimService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await Task.WhenAll(partitions.Select(s => db.StreamLengthAsync(s)))).All(length => length == 0) || await db.StreamLengthAsync(partitions[1] + ":dead") > 100)
        {
            Assert.True(DateTime.UtcNow < deadline, "not trimmed");
            await Task.Delay(100);
        }

        listener.RecordObservableInstruments();
        await service.StopAsync(CancellationToken.None);
        Assert.All(partitions, stream => Assert.Equal(0, lengths[stream]));
        Assert.Contains(EventPartitions.StreamOf(options.InteractionsStream, 2, 3), lengths.Keys);
    }

    [Theory]
    [InlineData("0", "cortex:events:messages")]
    [InlineData("2000", "cortex:events:messages")]
    [InlineData("4", "{tagged}:messages")]
    public void A_bad_partition_setting_fails_at_start_naming_it(string partitions, string messages)
    {
        var gateway = new GatewayOptions { StreamPartitions = int.Parse(partitions, System.Globalization.CultureInfo.InvariantCulture), MessagesStream = messages };
        var gatewayResult = new GatewayOptionsValidator().Validate(null, gateway);
        Assert.True(gatewayResult.Failed);
        Assert.Contains("Events:Streams:Partitions", gatewayResult.FailureMessage, StringComparison.Ordinal);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Events:Streams:Partitions"] = partitions,
            ["Events:Streams:Messages"] = messages,
        }).Build();
        var collection = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton(_redis.Connection as IConnectionMultiplexer);
        collection.AddEventConsumer("validated");
        using var provider = collection.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EventStreamOptions>>().Value);
    }
}
