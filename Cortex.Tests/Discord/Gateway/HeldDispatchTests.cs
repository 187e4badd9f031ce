using Cortex.Discord.Compression;
using Cortex.Emulator.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>
/// A consumer may keep a dispatch's <c>Data</c> as long as it likes (the gateway holds it until its Redis call; a cache
/// may keep it): the shard must never write those bytes again, whatever it receives after them.
/// </summary>
public sealed class HeldDispatchTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(TransportCompression.ZlibStream)]
    [InlineData(TransportCompression.ZstdStream)]
    [InlineData(TransportCompression.None)]
    public async Task Every_dispatch_held_keeps_its_bytes_while_thousands_more_arrive(TransportCompression compression)
    {
        await using var shard = ShardHarness.Start(_server, compression: compression);
        shard.WaitFor("READY");

        // Read only once every event of the round (about 10 MB, many chunks) was received behind them.
        var fire = await shard.FirehoseAsync(_server, 3000);
        var first = fire[0].Sequence;
        var mix = RecordedEventMix.All;
        Assert.Equal(3000, fire.Count);
        Assert.All(fire, d =>
        {
            var (name, data) = mix[(d.Sequence - first) % mix.Count];
            Assert.Equal(name, d.EventName);
            Assert.True(data.AsSpan().SequenceEqual(d.Data.Span), $"dispatch {d.Sequence} ({name}) changed after it was handed out");
        });
    }
}
