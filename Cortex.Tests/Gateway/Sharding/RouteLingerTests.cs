using System.Threading.Channels;
using Cortex.Discord.Gateway;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Health;
using Cortex.Gateway.Sharding;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Tests.Gateway.Sharding;

/// <summary>
/// The shard loop's linger on the loop's own channels, its clock driven by the test: when it waits, how long at most, and what
/// ends it early. (<see cref="RouteLingerGatewayTests"/> has it in a running gateway against Redis.)
/// </summary>
public sealed class RouteLingerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new();
    private readonly Channel<GatewayDispatch> _dispatches = Channel.CreateBounded<GatewayDispatch>(1000);
    private readonly Channel<ShardCommand> _commands = Channel.CreateUnbounded<ShardCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LoopWaits _waits = new();
    private int _sequence;

    [Fact]
    public async Task A_lone_event_after_a_lone_event_is_not_held()
    {
        var linger = new RouteLinger(Bound, 256, _time);
        await Fill(linger, Batch(1)).WaitAsync(Settle);

        var batch = Batch(1);
        var fill = Fill(linger, batch);

        Assert.True(fill.IsCompleted, "a batch of one after a batch of one must go at once");
        Assert.Equal(0, linger.Lingers);
    }

    [Fact]
    public async Task Off_when_zero_even_under_load()
    {
        var linger = new RouteLinger(TimeSpan.Zero, 256, _time);
        await Fill(linger, Batch(20)).WaitAsync(Settle);

        Assert.True(Fill(linger, Batch(20)).IsCompleted);
        Assert.Equal(0, linger.Lingers);
    }

    [Fact]
    public async Task Under_load_it_waits_at_most_the_bound_from_the_first_dispatch_and_the_batch_grows()
    {
        var linger = new RouteLinger(Bound, 256, _time);
        await Fill(linger, Batch(20)).WaitAsync(Settle);

        var batch = Batch(3);
        var fill = Fill(linger, batch);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 5; i++)
        {
            await _dispatches.Writer.WriteAsync(Dispatch());
        }

        _time.Advance(TimeSpan.FromMilliseconds(0.9));
        await Task.Delay(50);
        Assert.False(fill.IsCompleted, "it ended before the bound");

        _time.Advance(TimeSpan.FromMilliseconds(0.1));
        await fill.WaitAsync(Settle);
        Assert.Equal(8, batch.Count);
        Assert.Equal(1, linger.Lingers);
    }

    [Fact]
    public async Task A_batch_whose_first_dispatch_waited_in_the_buffer_waits_only_what_is_left()
    {
        var linger = new RouteLinger(Bound, 256, _time);
        await Fill(linger, Batch(20)).WaitAsync(Settle);

        var batch = Batch(1);
        _time.Advance(TimeSpan.FromMilliseconds(1.5));
        var fill = Fill(linger, batch);
        _time.Advance(TimeSpan.FromMilliseconds(0.5));
        await fill.WaitAsync(Settle);

        var stale = Batch(1);
        _time.Advance(Bound);
        Assert.True(Fill(linger, stale).IsCompleted, "a batch older than the bound must go at once");
    }

    [Fact]
    public async Task A_batch_is_topped_up_to_its_size_at_most_and_the_rest_stays_buffered()
    {
        var linger = new RouteLinger(Bound, 8, _time);
        await Fill(linger, Batch(8)).WaitAsync(Settle);

        var batch = Batch(5);
        var fill = Fill(linger, batch);
        for (var i = 0; i < 4; i++)
        {
            await _dispatches.Writer.WriteAsync(Dispatch());
        }

        _time.Advance(Bound);
        await fill.WaitAsync(Settle);
        Assert.Equal(8, batch.Count);
        Assert.True(_dispatches.Reader.TryRead(out var left), "the dispatch past the batch's size stays buffered");
        Assert.Equal(_sequence, left.Sequence);
    }

    [Fact]
    public async Task A_ping_or_a_drain_ends_the_linger_at_once_and_stays_queued_for_the_loop()
    {
        var linger = new RouteLinger(Bound, 256, _time);
        await Fill(linger, Batch(20)).WaitAsync(Settle);

        var batch = Batch(2);
        var fill = Fill(linger, batch);
        await _dispatches.Writer.WriteAsync(Dispatch());
        await Task.Delay(50);
        Assert.False(fill.IsCompleted);
        var ping = new ShardCommand.Ping(new TaskCompletionSource<ShardHealth>());
        _commands.Writer.TryWrite(ping);
        await fill.WaitAsync(Settle);
        // The batch in hand, no more: what came after waits for the loop, as without a linger.
        Assert.Equal(2, batch.Count);
        Assert.True(_dispatches.Reader.TryRead(out _));
        Assert.True(_commands.Reader.TryRead(out var queued));
        Assert.Same(ping, queued);

        // A command already queued when the batch is taken: no wait at all.
        _commands.Writer.TryWrite(new ShardCommand.Drain(new TaskCompletionSource()));
        Assert.True(Fill(linger, Batch(2)).IsCompleted, "a queued drain must not wait out a linger");
    }

    [Fact]
    public Task A_stop_ends_the_linger() => AssertTheLingerEndsWhen(() => _commands.Writer.Complete());

    [Fact]
    public Task The_end_of_the_dispatches_ends_the_linger() => AssertTheLingerEndsWhen(() => _dispatches.Writer.Complete());

    [Fact]
    public void The_option_takes_zero_and_refuses_negative_or_absurd_values_by_name()
    {
        var validator = new GatewayOptionsValidator();
        Assert.True(validator.Validate(null, new GatewayOptions { RouteLinger = TimeSpan.Zero }).Succeeded);
        Assert.True(validator.Validate(null, new GatewayOptions()).Succeeded);
        Assert.True(validator.Validate(null, new GatewayOptions { RouteLinger = GatewayOptions.MaxRouteLinger }).Succeeded);

        foreach (var bad in new[] { TimeSpan.FromMilliseconds(-1), GatewayOptions.MaxRouteLinger + TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5) })
        {
            var result = validator.Validate(null, new GatewayOptions { RouteLinger = bad });
            Assert.True(result.Failed, $"{bad} was accepted");
            Assert.Contains("Gateway:RouteLinger must be between 0 (off) and 100 ms", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    /// <summary>A linger under way (after a busy round trip) goes on until <paramref name="end"/>, then returns.</summary>
    private async Task AssertTheLingerEndsWhen(Action end)
    {
        var linger = new RouteLinger(Bound, 256, _time);
        await Fill(linger, Batch(20)).WaitAsync(Settle);

        var fill = Fill(linger, Batch(2));
        await Task.Delay(50);
        Assert.False(fill.IsCompleted);
        end();
        await fill.WaitAsync(Settle);
    }

    private Task Fill(RouteLinger linger, List<GatewayDispatch> batch) =>
        linger.FillAsync(batch, _dispatches.Reader, _commands.Reader, _waits).AsTask();

    private List<GatewayDispatch> Batch(int count) => [.. Enumerable.Range(0, count).Select(_ => Dispatch())];

    private GatewayDispatch Dispatch() =>
        new(0, ++_sequence, "MESSAGE_CREATE", "{}"u8.ToArray()) { ReceivedTimestamp = _time.GetTimestamp() };
}
