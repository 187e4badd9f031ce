using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Gateway;

/// <summary>The gateway in the whole app: the dashboard's respawn commands reach the shards, and the pipeline metrics are exported.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class DashboardCommandTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task The_respawn_shard_command_brings_the_shard_back_by_resume()
    {
        using var http = fixture.CreateInternalClient("gateway");
        var before = await ShardAsync(http, 0, s => s["status"]?.GetValue<string>() == "Ready");

        var result = await Commands.ExecuteCommandAsync("gateway", "respawn-shard", Arguments("0"));

        Assert.True(result.Success, result.Message);
        var after = await ShardAsync(http, 0, s => s["status"]?.GetValue<string>() == "Ready" && s["resumes"]!.GetValue<int>() >= 1 && s["identifies"]!.GetValue<int>() == 0);
        Assert.Equal(before["owner"]!.GetValue<string>(), after["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_respawn_shard_command_fails_for_a_shard_the_bot_does_not_have()
    {
        var result = await Commands.ExecuteCommandAsync("gateway", "respawn-shard", Arguments("99"));
        Assert.False(result.Success);
    }

    [Fact]
    public async Task The_rolling_respawn_command_is_accepted()
    {
        var result = await Commands.ExecuteCommandAsync("gateway", "respawn-all-shards");
        Assert.True(result.Success, result.Message);
    }

    [Fact]
    public async Task The_pipeline_profiler_metrics_are_on_the_metrics_endpoint()
    {
        using var http = fixture.CreateInternalClient("gateway");
        var body = "";
        for (var attempt = 0; attempt < 50 && !body.Contains("cortex_gateway_threadpool_lag", StringComparison.Ordinal); attempt++)
        {
            body = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            await Task.Delay(200);
        }

        Assert.Contains("cortex_gateway_threadpool_lag", body, StringComparison.Ordinal);
        Assert.Contains("cortex_gateway_decode_duration", body, StringComparison.Ordinal);
        Assert.Contains("cortex_gateway_route_batch_duration", body, StringComparison.Ordinal);
    }

    private ResourceCommandService Commands => fixture.App.Services.GetRequiredService<ResourceCommandService>();

#pragma warning disable ASPIREINTERACTION001
    private static InteractionInputCollection Arguments(string shard) =>
        new([new InteractionInput { Name = "shard", Label = "Shard id", InputType = InputType.Number, Value = shard }]);
#pragma warning restore ASPIREINTERACTION001

    private static async Task<JsonNode> ShardAsync(HttpClient http, int shardId, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(new Uri("/shards", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                last = (await response.Content.ReadFromJsonAsync<JsonObject>())!["shards"]!.AsArray()[shardId];
                if (last is not null && condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Shard {shardId} never matched; last: {last}");
    }
}
