using System.Text.Json;
using Cortex.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>Which shard gets what: <c>(guild_id &gt;&gt; 22) % num_shards</c>, DMs on shard 0, and intents filtering.</summary>
public sealed class GatewayRoutingTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_shard_gets_only_its_guilds_and_dms_go_to_shard_zero()
    {
        var guilds = Enumerable.Range(0, 8).Select(i => _server.World.CreateGuild($"g{i}")).ToList();
        var user = _server.World.CreateUser("dave");
        await using var shard0 = ShardHarness.Start(_server, configure: o => o with { ShardId = 0, ShardCount = 2 });
        await using var shard1 = ShardHarness.Start(_server, configure: o => o with { ShardId = 1, ShardCount = 2 });
        shard0.WaitFor("READY");
        shard1.WaitFor("READY");
        foreach (var guild in guilds)
        {
            var owner = GatewayLimits.ShardFor(guild.Id, 2) == 0 ? shard0 : shard1;
            owner.WaitFor(d => d.EventName == "GUILD_CREATE" && IdOf(d) == guild.Id.ToString());
        }

        var dm = _server.World.GetOrCreateDmChannel(user.Id);
        _server.World.CreateMessage(dm.Id, user.Id, "direct");
        shard0.WaitFor(d => d.EventName == "MESSAGE_CREATE");
        await Task.Delay(200);
        Assert.All(shard0.Received.Where(d => d.EventName == "GUILD_CREATE"), d => Assert.Equal(0, GatewayLimits.ShardFor(ulong.Parse(IdOf(d)!), 2)));
        Assert.All(shard1.Received.Where(d => d.EventName == "GUILD_CREATE"), d => Assert.Equal(1, GatewayLimits.ShardFor(ulong.Parse(IdOf(d)!), 2)));
        Assert.DoesNotContain(shard1.Received, d => d.EventName == "MESSAGE_CREATE");
        Assert.Equal(guilds.Count, shard0.Received.Count(d => d.EventName == "GUILD_CREATE") + shard1.Received.Count(d => d.EventName == "GUILD_CREATE"));
    }

    [Fact]
    public async Task Intents_decide_which_events_arrive_and_message_content_needs_its_intent()
    {
        var guild = _server.World.CreateGuild("intents");
        var user = _server.World.CreateUser("erin");
        _server.World.AddMember(guild.Id, user.Id);
        var channel = _server.World.GetChannels(guild.Id)[0];
        await using var noContent = ShardHarness.Start(_server, configure: o => o with { Intents = GatewayIntents.Guilds | GatewayIntents.GuildMessages });
        await using var noMessages = ShardHarness.Start(_server, configure: o => o with { Intents = GatewayIntents.Guilds });
        noContent.WaitFor("GUILD_CREATE");
        noMessages.WaitFor("GUILD_CREATE");

        _server.World.CreateMessage(channel.Id, user.Id, "secret words");
        _server.World.CreateMessage(channel.Id, user.Id, $"hey <@{_server.World.BotUser.Id}>");
        var plain = noContent.WaitFor("MESSAGE_CREATE");
        var mention = noContent.WaitFor("MESSAGE_CREATE", occurrence: 2);
        Assert.Equal(string.Empty, ContentOf(plain));
        Assert.Equal($"hey <@{_server.World.BotUser.Id}>", ContentOf(mention));
        _server.World.CreateChannel(guild.Id, "later");
        noMessages.WaitFor("CHANNEL_CREATE");
        Assert.DoesNotContain(noMessages.Received, d => d.EventName == "MESSAGE_CREATE");
    }

    private static string? IdOf(GatewayDispatch dispatch)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.GetProperty("id").GetString();
    }

    private static string? ContentOf(GatewayDispatch dispatch)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.GetProperty("content").GetString();
    }
}
