using System.Net;
using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Events.Streams;
using Cortex.Tests.Hosting;
using StackExchange.Redis;
using static Cortex.Tests.Economy.InteractionPayloads;

namespace Cortex.Tests.Economy;

/// <summary>The running economy service consumes the real interactions stream.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class EconomyServiceStreamTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task A_daily_command_on_the_interactions_stream_credits_the_member_once()
    {
        var guild = TestIds.NewGuild();
        var id = NewId();
        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        using var http = EconomyApiClient.Create(fixture);
        var entry = new NameValueEntry[]
        {
            new(EventStreams.Fields.Type, "INTERACTION_CREATE"),
            new(EventStreams.Fields.Shard, 0),
            new(EventStreams.Fields.Sequence, 1),
            new(EventStreams.Fields.Id, id),
            new(EventStreams.Fields.Payload, Command(guild, 7, EconomyCommandList.Daily, id: id)),
        };

        // Delivered twice, as at-least-once delivery may.
        await redis.GetDatabase().StreamAddAsync(EventStreams.Interactions, entry);
        await redis.GetDatabase().StreamAddAsync(EventStreams.Interactions, entry);

        long? balance = null;
        for (var attempt = 0; attempt < 100 && balance is null; attempt++)
        {
            using var response = await http.GetAsync($"/api/guilds/{guild}/users/7/balance");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                balance = (await response.JsonAsync()).GetProperty("balance").GetInt64();
            }
            else
            {
                await Task.Delay(200);
            }
        }

        await Task.Delay(1_000);
        using var final = await http.GetAsync($"/api/guilds/{guild}/users/7/balance");
        Assert.Equal(250, balance);
        Assert.Equal(250, (await final.JsonAsync()).GetProperty("balance").GetInt64());
    }
}
