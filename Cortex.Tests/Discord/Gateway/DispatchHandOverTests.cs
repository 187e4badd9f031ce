using System.Threading.Channels;
using Cortex.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>
/// How a shard hands its dispatches to the consumer: a waiting consumer continues on the receive loop's thread (no
/// wake-up of another thread per dispatch), and a full buffer still hands every dispatch over, in order.
/// </summary>
public sealed class DispatchHandOverTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_waiting_consumer_continues_on_the_receive_loop_instead_of_another_thread()
    {
        var guild = _server.World.CreateGuild("hand-over guild");
        var user = _server.World.CreateUser("hand-over user");
        _server.World.AddMember(guild.Id, user.Id);
        var channel = _server.World.GetChannels(guild.Id)[0];
        var options = new ShardConnectionOptions
        {
            Token = EmulatorServer.BotToken,
            GatewayUrl = _server.GatewayUrl,
            Intents = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent,
        };
        using var stop = new CancellationTokenSource();
        using var gate = new InProcessIdentifyGate(1, window: TimeSpan.Zero);
        await using var shard = new ShardConnection(options, gate, new InMemoryShardSessionStore());
        var run = shard.RunAsync(stop.Token);

        var resumedOn = ResumeAfterWaitingAsync(shard.Dispatches, "MESSAGE_CREATE");
        await ShardHarness.Until(() => shard.State.Status == ShardStatus.Ready, "READY");
        await _server.PostAsync("/control/messages", new { channel_id = channel.Id.ToString(), author_id = user.Id.ToString(), content = "hand me over" });

        // The continuation's own stack: the receive loop's frames when it ran there, the thread pool's when it was woken.
        var stack = await resumedOn.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Contains(nameof(ShardConnection), stack);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_dispatch_buffer_of_one_hands_every_firehose_event_over_in_order()
    {
        // With room for one dispatch the buffer is full almost always: the receive loop waits on every write and is
        // released on the thread pool by the consumer's read, and the consumer resumes inside the receive loop's write.
        await using var shard = ShardHarness.Start(_server, configure: o => o with { DispatchBufferSize = 1 });
        shard.WaitFor("READY");
        var fire = await shard.FirehoseAsync(_server, 3000);
        Assert.Equal(Enumerable.Range(fire[0].Sequence, 3000), fire.Select(d => d.Sequence));
        Assert.All(fire, d => Assert.Equal((byte)'{', d.Data.Span[0]));
    }

    // Reads until a dispatch named eventName arrives while the reader is waiting, and returns the stack it resumed on.
    private static async Task<string> ResumeAfterWaitingAsync(ChannelReader<GatewayDispatch> reader, string eventName)
    {
        while (true)
        {
            var read = reader.ReadAsync();
            var waited = !read.IsCompleted;
            var dispatch = await read;
            if (waited && dispatch.EventName == eventName)
            {
                return Environment.StackTrace;
            }
        }
    }
}
