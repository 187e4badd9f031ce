using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.Gateway;

/// <summary>
/// A raw ETF gateway client (tests/fidelity/etf-erlpack) that decodes every frame with erlpack 0.1.4,
/// the native ETF library Discord's documentation points to, built from npm by node-gyp: HELLO, READY,
/// GUILD_CREATEs, heartbeat ACK, a person's and the bot's MESSAGE_CREATE, THREAD_CREATE. Snowflakes
/// arrive as integers (erlpack makes them decimal strings); a numeric custom_id stays a string.
/// </summary>
public sealed class ErlpackFidelityTests : IDisposable
{
    private readonly Cortex.Tests.Support.EmulatorServer _emulator = new();

    public void Dispose() => _emulator.Dispose();

    [Fact]
    public async Task Erlpack_decodes_every_etf_frame_of_a_session()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var steps = await FidelityScript.RunAsync("etf-erlpack", "etf-client.mjs", "erlpack", new()
        {
            ["EMULATOR_URL"] = _emulator.BaseAddress.ToString().TrimEnd('/'),
            ["BOT_TOKEN"] = Cortex.Tests.Support.EmulatorServer.BotToken,
            ["CHANNEL_ID"] = world.GeneralChannelId.ToString(),
            ["AUTHOR_ID"] = world.AdaId.ToString(),
        });

        var ready = FidelityScript.Step(steps, "ready");
        Assert.Equal("string", ready.GetProperty("idType").GetString());
        Assert.Equal(2, FidelityScript.Step(steps, "guilds").GetProperty("count").GetInt32());
        Assert.Equal(world.GeneralChannelId.ToString(), FidelityScript.Step(steps, "thread").GetProperty("parent").GetString());

        var done = FidelityScript.Step(steps, "done");
        Assert.True(done.GetProperty("frames").GetInt32() >= 7, done.ToString());
        Assert.True(done.GetProperty("ack").GetBoolean());
        Assert.True(done.GetProperty("user").GetProperty("member").GetBoolean());
        Assert.Equal("etf-nonce", done.GetProperty("bot").GetProperty("nonce").GetString());
        Assert.Equal("string", done.GetProperty("bot").GetProperty("customIdType").GetString());
    }
}
