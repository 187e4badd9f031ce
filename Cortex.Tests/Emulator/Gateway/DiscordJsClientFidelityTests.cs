using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.Gateway;

/// <summary>
/// The full discord.js <c>Client</c> 14.28.1 from npm (tests/fidelity/discordjs-client) against the
/// emulator: it logs in, fills its cache, receives a person's message, replies with a nonce (echoed in
/// MESSAGE_CREATE), starts a thread from the message and writes in it, and after a channel overwrite
/// computes the same permissions as the emulator, which then refuses its send with 50013.
/// </summary>
public sealed class DiscordJsClientFidelityTests : IDisposable
{
    private readonly Cortex.Tests.Support.EmulatorServer _emulator = new();

    public void Dispose() => _emulator.Dispose();

    [Fact]
    public async Task The_discordjs_client_receives_a_message_replies_starts_a_thread_and_agrees_on_permissions()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var steps = await FidelityScript.RunAsync("discordjs-client", "reply.mjs", "discord.js", new()
        {
            ["EMULATOR_URL"] = _emulator.BaseAddress.ToString().TrimEnd('/'),
            ["BOT_TOKEN"] = Cortex.Tests.Support.EmulatorServer.BotToken,
            ["GUILD_ID"] = world.GuildId.ToString(),
            ["CHANNEL_ID"] = world.GeneralChannelId.ToString(),
            ["AUTHOR_ID"] = world.AdaId.ToString(),
        });

        Assert.Equal(2, FidelityScript.Step(steps, "ready").GetProperty("guilds").GetInt32());
        var received = FidelityScript.Step(steps, "received");
        Assert.Equal("ada", received.GetProperty("author").GetString());
        Assert.Equal(world.AdaId.ToString(), received.GetProperty("member").GetString());

        var replied = FidelityScript.Step(steps, "replied");
        Assert.Equal("djs-nonce-1", replied.GetProperty("nonce").GetString());
        Assert.Equal(19, replied.GetProperty("type").GetInt32());

        var thread = FidelityScript.Step(steps, "thread");
        Assert.Equal(11, thread.GetProperty("type").GetInt32());
        Assert.Equal(world.GeneralChannelId.ToString(), thread.GetProperty("parent").GetString());
        Assert.True(thread.GetProperty("inThread").GetBoolean());

        var permissions = FidelityScript.Step(steps, "permissions");
        Assert.Equal(permissions.GetProperty("emulator").GetString(), permissions.GetProperty("discordjs").GetString());
        Assert.False(permissions.GetProperty("canSend").GetBoolean());
        Assert.Equal(50013, FidelityScript.Step(steps, "done").GetProperty("refused").GetProperty("code").GetInt32());
    }
}
