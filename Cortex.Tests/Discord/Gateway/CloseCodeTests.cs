using Cortex.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>What the shard does with each close code of Discord's table: resume, identify anew, or stop for good.</summary>
public sealed class CloseCodeTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4005)]
    [InlineData(4008)]
    public async Task Resumable_close_codes_resume_the_session(int code)
    {
        await using var shard = await ClosedWithAsync(code);
        shard.WaitFor("RESUMED");
        Assert.Equal(1, shard.Shard.State.Identifies);
    }

    [Theory]
    [InlineData(4003)]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_codes_that_end_the_session_identify_anew(int code)
    {
        await using var shard = await ClosedWithAsync(code);
        shard.WaitFor("READY", occurrence: 2);
        Assert.True(shard.Shard.State.Identifies >= 2);
        Assert.Equal(0, shard.Shard.State.Resumes);
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task Fatal_close_codes_stop_the_shard_with_a_reason_and_never_reconnect(int code)
    {
        await using var shard = await ClosedWithAsync(code);
        var reason = await shard.Run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(code, reason.CloseCode);
        Assert.True(reason.IsFatal);
        Assert.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture), reason.Description);
        Assert.Equal(ShardStatus.Stopped, shard.Shard.State.Status);
        await Task.Delay(300);
        Assert.Equal(1, shard.Shard.State.Identifies);
        Assert.Empty(await _server.ConnectionsAsync());
    }

    [Fact]
    public async Task A_wrong_token_stops_with_4004_after_one_identify()
    {
        await using var shard = ShardHarness.Start(_server, configure: o => o with { Token = "wrong" });
        var reason = await shard.Run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4004, reason.CloseCode);
        Assert.Contains("token", reason.Description, StringComparison.Ordinal);
        Assert.Equal(1, shard.Shard.State.Identifies);
    }

    [Fact]
    public async Task A_privileged_intent_the_application_lacks_stops_with_4014()
    {
        await using var shard = ShardHarness.Start(_server, configure: o => o with { Intents = GatewayIntents.Guilds | GatewayIntents.GuildPresences });
        var reason = await shard.Run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4014, reason.CloseCode);
    }

    [Fact]
    public void Every_code_of_the_table_has_its_documented_action()
    {
        Assert.Equal(CloseAction.Resume, GatewayCloseCodes.ActionFor(null));
        Assert.Equal(CloseAction.Resume, GatewayCloseCodes.ActionFor(1000));
        Assert.Equal(CloseAction.Resume, GatewayCloseCodes.ActionFor(1006));
        foreach (var code in Enum.GetValues<GatewayCloseCode>())
        {
            var expected = (int)code switch
            {
                4004 or 4010 or 4011 or 4012 or 4013 or 4014 => CloseAction.Stop,
                4003 or 4007 or 4009 => CloseAction.Reidentify,
                _ => CloseAction.Resume,
            };
            Assert.Equal(expected, GatewayCloseCodes.ActionFor((int)code));
            Assert.DoesNotContain("not a gateway close code", GatewayCloseCodes.Describe((int)code), StringComparison.Ordinal);
        }
    }

    private async Task<ShardHarness> ClosedWithAsync(int code)
    {
        var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var id = await _server.ConnectionOfShardAsync(0);
        await _server.PostAsync($"/control/gateway/connections/{id}/close", new { code });
        return shard;
    }
}
